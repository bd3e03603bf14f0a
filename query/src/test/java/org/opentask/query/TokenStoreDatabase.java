package org.opentask.query;

import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** An in-memory H2 database of its own, holding Axon's {@code token_entry} table as the migrations create it. */
final class TokenStoreDatabase {

    private TokenStoreDatabase() {
    }

    /** A new database named after {@code test}, every connection a new one, its token table created. */
    static DriverManagerDataSource create(String test) {
        DriverManagerDataSource dataSource = new DriverManagerDataSource(
                "jdbc:h2:mem:" + test + "-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
        JdbcClient.create(dataSource).sql("CREATE TABLE token_entry (processor_name VARCHAR(255) NOT NULL,"
                + " segment INT NOT NULL, token BLOB, token_type VARCHAR(255), timestamp VARCHAR(255),"
                + " owner VARCHAR(255), PRIMARY KEY (processor_name, segment))").update();
        return dataSource;
    }
}
