package org.opentask.app.task;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;

import org.opentask.api.TaskView;
import org.opentask.app.security.Actor;
import org.opentask.app.system.InvalidRequestException;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST /api/tasks} with an {@code Idempotency-Key} header: the first request with a key creates the task,
 * every later one with the same key and the same body answers that task (200, same id, header
 * {@code Idempotent-Replayed: true}) and writes nothing; the same key with another body is 422. Keys belong to
 * their caller (the {@code X-Operator} header, or none). Requests without the header go to
 * {@link TaskController#create} alone; both create through {@link TaskCommands}, so both check a body alike.
 * <p>
 * The key's row is inserted in the transaction that creates the task, before the create: of duplicates arriving
 * together on different instances, the database lets one insert the key and holds the others at their insert until
 * that one commits. Duplicates on one instance queue in memory first, so that they hold no connection meanwhile.
 */
@RestController
class IdempotentCreateController {

    static final String HEADER = "Idempotency-Key";
    static final String REPLAYED_HEADER = "Idempotent-Replayed";
    static final int MAX_KEY_LENGTH = 255;
    private static final int ATTEMPTS = 5;
    private static final int LOCK_WAIT_SECONDS = 30;

    private final TaskCommands tasks;
    private final TaskIdAllocator ids;
    /** Duplicates on this instance queue here, in memory, rather than at the database holding a connection. */
    private final Lock[] stripes = new Lock[64];
    private final IdempotencyKeys keys;
    private final TransactionTemplate transaction;
    private final JsonMapper json;

    IdempotentCreateController(TaskCommands tasks, TaskIdAllocator ids, IdempotencyKeys keys,
                               PlatformTransactionManager transactionManager, JsonMapper json) {
        this.tasks = tasks;
        this.ids = ids;
        this.keys = keys;
        this.transaction = new TransactionTemplate(transactionManager);
        this.json = json;
        for (int i = 0; i < stripes.length; i++) {
            stripes[i] = new ReentrantLock();
        }
    }

    @PostMapping(path = "/api/tasks", headers = HEADER)
    ResponseEntity<TaskView> create(@RequestBody TaskRequests.CreateTask body,
                                    @RequestHeader(name = HEADER, required = false) String key,
                                    Actor actor) {
        String checkedKey = checkKey(key);
        // keys are scoped by who acts: the key owner's name, else the X-Operator header, else the shared scope
        String caller = actor.name() == null ? "" : actor.name();
        String hash = hash(body);
        Lock lock = stripes[Math.floorMod((caller + '\n' + checkedKey).hashCode(), stripes.length)];
        try {
            if (!lock.tryLock(LOCK_WAIT_SECONDS, TimeUnit.SECONDS)) {
                throw new ConcurrencyFailureException(busy(checkedKey));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConcurrencyFailureException(busy(checkedKey));
        }
        try {
            return createOnce(body, actor, caller, checkedKey, hash);
        } finally {
            lock.unlock();
        }
    }

    private ResponseEntity<TaskView> createOnce(TaskRequests.CreateTask body, Actor actor, String caller,
                                                String key, String hash) {
        Long id = null;
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Optional<IdempotencyKeys.Stored> stored = keys.find(caller, key);
            if (stored.isPresent() && stored.get().expired()) {
                keys.forgetIfExpired(caller, key);
                continue;
            }
            if (stored.isPresent() && stored.get().taskId() != null) {
                return replay(key, stored.get(), hash);
            }
            // taken outside the transaction: a new block of ids takes a connection of its own
            long taskId = id == null ? ids.nextId() : id;
            id = taskId;
            try {
                return ResponseEntity.ok(transaction.execute(status -> {
                    keys.reserve(caller, key, hash);
                    TaskView task = tasks.create(body, actor, taskId);
                    keys.attach(caller, key, task.id());
                    return task;
                }));
            } catch (DuplicateKeyException | TransientDataAccessException e) {
                // another instance took the key first: it has committed by now (duplicate key), or it is still
                // running (the database's lock wait ran out, as on H2) or gave way in a deadlock: look again.
                // The id was not used (the create rolled back with the key) and serves the next attempt.
            }
        }
        throw new ConcurrencyFailureException(busy(key));
    }

    private static String busy(String key) {
        return HEADER + " " + key + " is being used by other requests at this moment; nothing was created, send"
                + " the request again";
    }

    private ResponseEntity<TaskView> replay(String key, IdempotencyKeys.Stored stored, String hash) {
        if (!stored.requestHash().equals(hash)) {
            throw new KeyReusedException(key, stored.taskId());
        }
        return ResponseEntity.ok().header(REPLAYED_HEADER, "true").body(tasks.find(stored.taskId()));
    }

    /** 1 to 255 visible ASCII characters: what fits the column, compares exactly, and prints in a log. */
    private static String checkKey(String key) {
        if (key == null || key.isEmpty() || key.length() > MAX_KEY_LENGTH
                || !key.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            String got = key == null || key.isEmpty() ? "an empty one" : key.length() + " characters";
            throw new InvalidRequestException(HEADER, HEADER + " must be 1 to " + MAX_KEY_LENGTH
                    + " visible ASCII characters (no spaces), got " + got);
        }
        return key;
    }

    /** The body as the server understood it: field order, spacing and unknown fields do not count. */
    private String hash(TaskRequests.CreateTask body) {
        try {
            byte[] canonical = json.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    @ExceptionHandler(KeyReusedException.class)
    ProblemDetail reused(KeyReusedException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNPROCESSABLE_CONTENT, e.getMessage());
        problem.setProperty("field", HEADER);
        problem.setProperty("task_id", e.taskId);
        return problem;
    }

    @ExceptionHandler(ConcurrencyFailureException.class)
    ProblemDetail busy(ConcurrencyFailureException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage());
    }

    /** The key was first used with another body. */
    static class KeyReusedException extends RuntimeException {

        final Long taskId;

        KeyReusedException(String key, Long taskId) {
            super(HEADER + " '" + key + "' was first used with a different request body (task " + taskId
                    + "); use a new key for a new task");
            this.taskId = taskId;
        }
    }
}
