# Builds the service from source and runs it on a JRE.
FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY . .
RUN ./mvnw -B -q -DskipTests package

FROM eclipse-temurin:17-jre
WORKDIR /opt/opentask
COPY --from=build /src/app/target/opentask.jar opentask.jar
EXPOSE 8090
ENTRYPOINT ["java", "-jar", "/opt/opentask/opentask.jar"]
