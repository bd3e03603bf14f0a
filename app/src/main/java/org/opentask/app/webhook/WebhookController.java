package org.opentask.app.webhook;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.opentask.app.system.InvalidRequestException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Operators subscribe targets to task events and watch their deliveries (operator keys only: {@code /api/admin}). */
@RestController
@RequestMapping("/api/admin/webhooks")
class WebhookController {

    private static final int MAX_LIMIT = 500;

    private final Webhooks webhooks;

    WebhookController(Webhooks webhooks) {
        this.webhooks = webhooks;
    }

    /** 201 with the subscription and, this once, its secret. */
    @PostMapping
    ResponseEntity<Webhooks.SubscriptionView> create(@RequestBody WebhookRequests.NewSubscription request) {
        return ResponseEntity.status(HttpStatus.CREATED).body(webhooks.create(request));
    }

    @GetMapping
    List<Webhooks.SubscriptionView> list() {
        return webhooks.subscriptions();
    }

    @GetMapping("/{id}")
    ResponseEntity<?> one(@PathVariable long id) {
        return found(webhooks.subscription(id), "Subscription " + id);
    }

    @PutMapping("/{id}")
    ResponseEntity<?> change(@PathVariable long id, @RequestBody WebhookRequests.SubscriptionChange request) {
        return found(webhooks.change(id, request), "Subscription " + id);
    }

    @DeleteMapping("/{id}")
    ResponseEntity<?> delete(@PathVariable long id) {
        return webhooks.delete(id) ? ResponseEntity.ok(Map.of("id", id, "deleted", true))
                : notFound("Subscription " + id);
    }

    /** The newest deliveries first; {@code subscription_id}, {@code task_id} and {@code status} filter them. */
    @GetMapping("/deliveries")
    List<Webhooks.DeliveryView> deliveries(
            @RequestParam(name = "subscription_id", required = false) Long subscriptionId,
            @RequestParam(name = "task_id", required = false) Long taskId,
            @RequestParam(required = false) String status,
            @RequestParam(required = false, defaultValue = "100") int limit) {
        String checkedStatus = status == null || status.isEmpty() ? null : status.toLowerCase(Locale.ROOT);
        if (checkedStatus != null && !List.of(DeliveryTable.PENDING, DeliveryTable.DELIVERED, DeliveryTable.FAILED)
                .contains(checkedStatus)) {
            throw new InvalidRequestException("status", "status must be pending, delivered or failed, got '"
                    + status + "'");
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new InvalidRequestException("limit", "limit must be between 1 and " + MAX_LIMIT + ", got " + limit);
        }
        return webhooks.deliveries(subscriptionId, taskId, checkedStatus, limit);
    }

    /** One delivery with all its attempts. */
    @GetMapping("/deliveries/{id}")
    ResponseEntity<?> delivery(@PathVariable long id) {
        return found(webhooks.delivery(id), "Delivery " + id);
    }

    /** Sends a delivery again (delivered, failed or pending alike), under the same webhook-id. */
    @PostMapping("/deliveries/{id}/redeliver")
    ResponseEntity<?> redeliver(@PathVariable long id) {
        Optional<Webhooks.DeliveryView> delivery = webhooks.redeliver(id);
        return delivery.<ResponseEntity<?>>map(d -> ResponseEntity.status(HttpStatus.ACCEPTED).body(d))
                .orElseGet(() -> notFound("Delivery " + id));
    }

    private static ResponseEntity<?> found(Optional<?> value, String what) {
        return value.<ResponseEntity<?>>map(ResponseEntity::ok).orElseGet(() -> notFound(what));
    }

    private static ResponseEntity<ProblemDetail> notFound(String what) {
        return ResponseEntity.status(HttpStatus.NOT_FOUND)
                .body(ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, what + " not found"));
    }
}
