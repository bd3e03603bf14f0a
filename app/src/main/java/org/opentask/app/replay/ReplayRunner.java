package org.opentask.app.replay;

import java.util.Locale;

import org.opentask.query.ProjectionReplay;
import org.opentask.query.ReplayAlreadyRunningException;
import org.opentask.query.ReplayStatus;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.stereotype.Component;

/**
 * The shell's way to replay: {@code java -jar opentask.jar --opentask.replay=all} (or {@code bot-task},
 * {@code bot-task-log}) runs one replay against the configured database, prints its progress and exits: 0 when
 * it completed, 1 when it failed, 2 when another replay was running. Without the property nothing happens.
 */
@Component
class ReplayRunner implements ApplicationRunner {

    private final ProjectionReplay replay;
    private final String projection;
    private final ConfigurableApplicationContext context;

    ReplayRunner(ProjectionReplay replay, @Value("${opentask.replay:}") String projection,
                 ConfigurableApplicationContext context) {
        this.replay = replay;
        this.projection = projection.trim();
        this.context = context;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (projection.isEmpty()) {
            return;
        }
        int code;
        Thread progress = new Thread(() -> {
            try {
                while (true) {
                    Thread.sleep(2_000);
                    print(replay.status());
                }
            } catch (InterruptedException e) {
                // the replay ended
            }
        }, "replay-progress");
        progress.setDaemon(true);
        try {
            progress.start();
            ReplayStatus end = replay.runToEnd(projection.equals(ProjectionReplay.ALL) ? null : projection);
            progress.interrupt();
            print(end);
            code = end.state() == ReplayStatus.State.COMPLETED ? 0 : 1;
        } catch (ReplayAlreadyRunningException e) {
            System.out.println("replay: " + e.getMessage());
            code = 2;
        } catch (IllegalArgumentException e) {
            System.out.println("replay: " + e.getMessage());
            code = 1;
        }
        int exitCode = code;
        System.exit(SpringApplication.exit(context, () -> exitCode));
    }

    private static void print(ReplayStatus status) {
        System.out.println(String.format(Locale.ROOT, "replay: %s %s, %d of %d events, %.0f events/s, %s s left%s",
                status.state(), status.phase(), status.eventsDone(), status.eventsTotal(), status.ratePerSecond(),
                status.secondsLeft(), status.error() == null ? "" : ", error: " + status.error()));
    }
}
