package org.opentask.app.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.opentask.app.ApiClient;
import org.opentask.app.ApiTest;
import org.opentask.app.StoredTaskEvents;
import org.opentask.app.task.TaskIdAllocator;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/**
 * The console in a real headless Chromium: sign in, create a task, see it, act on it, read its audit trail and
 * event stream, watch lists refresh on their own, see the charts drawn with data. Skipped, with the reason, where
 * no browser is installed. It runs in a context (and database) of its own: the charts count the whole fleet, and
 * other tests store histories over the same fortnight (the replay's seeded store, say), which would otherwise
 * count too, depending on which test classes ran first.
 */
// the replay reads the store in small batches here, so that its progress bar has steps to show
@TestPropertySource(properties = {"opentask.test.context=console-browser", "opentask.replay.fetch-size=300"})
class ConsoleBrowserTest extends ApiTest {

    private static Browser browser;

    @Autowired
    EventStore eventStore;

    @Autowired
    TaskIdAllocator ids;

    @Autowired
    ZoneId zone;

    @Autowired
    org.axonframework.eventsourcing.eventstore.EventStorageEngine storage;

    @Autowired
    org.axonframework.config.EventProcessingConfiguration processing;

    WebDriver web;

    @BeforeAll
    static void startBrowser() throws Exception {
        Assumptions.assumeTrue(Browser.installed(), Browser.whyNotInstalled());
        browser = new Browser();
    }

    @AfterAll
    static void stopBrowser() throws Exception {
        if (browser != null) {
            browser.close();
        }
    }

    @BeforeEach
    void signedOut() {
        web = browser.driver;
        web.manage().deleteAllCookies();
    }

    @Test
    void nothing_of_the_console_opens_without_an_operator_login() {
        open("/web/tasks");
        assertThat(web.getCurrentUrl()).endsWith("/web/login");

        signIn("mallory", "not-a-key");
        assertThat(web.getCurrentUrl()).contains("/web/login?error");
        assertThat(web.findElement(By.id("login-error")).getText()).contains("Unknown name or key");

        signIn("keybot", BOT_KEY);
        assertThat(web.getCurrentUrl()).contains("/web/login?error");

        signIn("someone-else", OPERATOR_KEY); // olga's key signs in only as olga
        assertThat(web.getCurrentUrl()).contains("/web/login?error");

        signIn("olga", OPERATOR_KEY);
        assertThat(web.getCurrentUrl()).as("back to the page first asked for").contains("/web/tasks");
        assertThat(web.findElement(By.cssSelector(".who")).getText()).isEqualTo("olga");

        clickAndLoad(By.cssSelector(".signout button"));
        open("/web/bots");
        assertThat(web.getCurrentUrl()).endsWith("/web/login");
    }

    @Test
    void an_operator_creates_a_task_sees_it_acts_on_it_and_reads_its_audit_trail() throws Exception {
        String bot = bot("anna");
        signIn("hope-ops", ApiClient.KEY);

        // create, with a mistake first: the form says what is wrong and keeps what was typed
        open("/web/tasks/new");
        web.findElement(By.id("f-bot")).sendKeys(bot);
        web.findElement(By.id("f-name")).sendKeys("   ");
        clickAndLoad(By.id("f-submit"));
        assertThat(web.findElement(By.cssSelector(".field-error")).getText()).contains("task_name is required");
        assertThat(web.findElement(By.id("f-bot")).getAttribute("value")).isEqualTo(bot);
        web.findElement(By.id("f-name")).clear();
        web.findElement(By.id("f-name")).sendKeys("Summarise the weekly report");
        web.findElement(By.id("f-retries")).clear();
        web.findElement(By.id("f-retries")).sendKeys("2");
        new org.openqa.selenium.support.ui.Select(web.findElement(By.id("f-priority"))).selectByValue("P1");
        web.findElement(By.id("f-description")).sendKeys("Read the numbers, write five lines.");
        clickAndLoad(By.id("f-submit"));

        // the task page
        assertThat(web.findElement(By.id("notice")).getText()).contains("created for " + bot);
        long id = Long.parseLong(web.getCurrentUrl().replaceAll(".*/web/tasks/(\\d+).*", "$1"));
        assertThat(text("task-status")).isEqualTo("pending");
        assertThat(api.get("/api/tasks/" + id).json().get("priority").asString()).isEqualTo("P1");

        // it is in the list
        open("/web/tasks?assigned_to=" + bot);
        assertThat(web.findElement(By.cssSelector("tr[data-task-id='" + id + "']")).getText())
                .contains("Summarise the weekly report").contains("pending").contains("P1");

        // act on it: start, then complete with a result
        open("/web/tasks/" + id);
        clickAndLoad(By.id("action-start"));
        assertThat(text("task-status")).isEqualTo("running");
        web.findElement(By.id("result-input")).sendKeys("five lines written");
        clickAndLoad(By.id("action-complete"));
        assertThat(text("task-status")).isEqualTo("completed");
        assertThat(text("task-result")).isEqualTo("five lines written");

        // its audit trail, newest first, under the operator's name, and its raw event stream
        List<WebElement> audit = web.findElements(By.cssSelector("#audit-table tbody tr"));
        assertThat(audit).extracting(row -> row.getAttribute("data-action")).containsExactly("complete", "start", "create");
        assertThat(audit.get(0).getText()).contains("hope-ops").contains("five lines written");
        assertThat(web.findElements(By.cssSelector("#event-stream li")))
                .extracting(item -> item.getAttribute("data-type"))
                // a start also records its lease timer: the lifecycle's events are there, in order
                .containsSubsequence("TaskCreatedEvent", "TaskStartedEvent", "TaskCompletedEvent");
        browser.screenshot("task");

        // an illegal move is refused with the task's reason, and nothing changes
        long other = api.createTask(bot, "to be failed, retried, cancelled, deleted", "P2");
        open("/web/tasks/" + other);
        clickAndLoad(By.id("action-start"));
        web.findElement(By.id("error-input")).sendKeys("upstream timeout");
        clickAndLoad(By.id("action-fail"));
        assertThat(text("task-status")).isEqualTo("failed");
        clickAndLoad(By.id("action-retry"));
        assertThat(text("task-status")).isEqualTo("pending");
        api.put("/api/tasks/" + other + "/start"); // the bot takes it meanwhile; the page still offers start
        clickAndLoad(By.id("action-start"));
        assertThat(text("error")).contains("running").contains("cannot start");
        clickAndLoad(By.id("action-cancel"));
        assertThat(text("task-status")).isEqualTo("cancelled");
        ((org.openqa.selenium.JavascriptExecutor) web).executeScript("window.confirm = () => true;");
        clickAndLoad(By.id("action-delete"));
        assertThat(text("notice")).contains("deleted");
        assertThat(api.get("/api/tasks/" + other).status()).isEqualTo(404);
        assertThat(api.get("/api/logs/" + other).json()).extracting(row -> row.get("action").asString())
                .containsExactly("delete", "cancel", "start", "retry", "fail", "start", "create");
    }

    @Test
    void the_task_list_pages_and_refreshes_on_its_own() throws Exception {
        String bot = bot("cc");
        for (int i = 0; i < 27; i++) {
            api.createTask(bot, "batch " + i, i % 3 == 0 ? "P0" : "P2");
        }
        signIn("hope-ops", ApiClient.KEY);
        open("/web/tasks?assigned_to=" + bot);
        assertThat(web.findElements(By.cssSelector("#task-table tbody tr[data-task-id]"))).hasSize(25);
        clickAndLoad(By.id("next"));
        assertThat(web.findElements(By.cssSelector("#task-table tbody tr[data-task-id]"))).hasSize(2);
        open("/web/tasks?assigned_to=" + bot + "&priority=P0");
        assertThat(web.findElements(By.cssSelector("#task-table tbody tr[data-task-id]"))).hasSize(9);
        assertThat(new org.openqa.selenium.support.ui.Select(web.findElement(By.name("priority")))
                .getFirstSelectedOption().getText()).isEqualTo("P0");

        open("/web/tasks?assigned_to=" + bot);
        markPage();
        long added = api.createTask(bot, "arrives while the operator watches", "P1");
        waitFor(Duration.ofSeconds(15), driver ->
                !driver.findElements(By.cssSelector("tr[data-task-id='" + added + "']")).isEmpty());
        assertSamePage();
        browser.screenshot("tasks");
    }

    @Test
    void the_dashboard_shows_today_and_draws_the_trend_charts_with_data() throws Exception {
        String bot = bot("trump");
        // two weeks of history, stored with their own timestamps
        StoredTaskEvents history = new StoredTaskEvents(eventStore, ids);
        LocalDate today = LocalDate.now(zone);
        for (int daysAgo = 13; daysAgo >= 1; daysAgo--) {
            storeDay(history, bot, today, daysAgo);
        }
        workToday(bot);

        signIn("hope-ops", ApiClient.KEY);
        LocalDate shown = awaitFortnight(today);
        if (!shown.equals(today)) {
            // the day turned while the test ran: the dashboard's fortnight moved on by a day, so the old today
            // joins the history and the new today needs its own work, by a bot of its own for today's table
            assertThat(shown).as("the dashboard's day, a day after the history's").isEqualTo(today.plusDays(1));
            storeDay(history, bot, today, 0);
            bot = bot("trump");
            workToday(bot);
            assertThat(awaitFortnight(shown)).as("the dashboard's day").isEqualTo(shown);
        }
        WebElement row = web.findElement(By.cssSelector("#today-table tr[data-bot='" + bot + "']"));
        assertThat(row.findElement(By.cssSelector(".total")).getText()).isEqualTo("2");

        // every day of the fortnight has its bars, and the duration charts have points
        List<WebElement> created = web.findElements(By.cssSelector("#chart-tasks rect.bar[data-series='created']"));
        assertThat(created).hasSize(14);
        assertThat(created).allSatisfy(bar -> assertThat(Double.parseDouble(bar.getAttribute("height"))).isPositive());
        assertThat(web.findElements(By.cssSelector("#chart-wait circle.point[data-series='p95']"))).hasSize(14);
        assertThat(web.findElements(By.cssSelector("#chart-run polyline.line"))).isNotEmpty();
        // a day of the history, inside the dashboard's fortnight whichever day it ends on
        assertThat(web.findElement(By.cssSelector("#chart-tasks rect.bar[data-series='failed'][data-day='"
                + today.minusDays(4) + "']")).getAttribute("data-value")).isEqualTo("1");

        // today's table refreshes on its own
        markPage();
        String newcomer = bot("main");
        api.createTask(newcomer, "first task of a new bot", "P2");
        waitFor(Duration.ofSeconds(15), driver ->
                !driver.findElements(By.cssSelector("#today-table tr[data-bot='" + newcomer + "']")).isEmpty());
        assertSamePage();
        browser.screenshot("dashboard");
    }

    @Test
    void the_bots_page_shows_who_is_active_and_their_queues() throws Exception {
        String bot = bot("session_agent");
        String quiet = bot("quiet");
        api.createTask(bot, "one", "P2");
        api.createTask(bot, "two", "P2");
        long running = api.createTask(bot, "three", "P2");
        api.put("/api/tasks/" + running + "/start");
        api.createTask(quiet, "waits", "P2");
        api.get("/api/tasks/pending?assigned_to=" + bot); // its heartbeat

        signIn("hope-ops", ApiClient.KEY);
        open("/web/bots");
        WebElement row = web.findElement(By.cssSelector("#bot-table tr[data-bot='" + bot + "']"));
        assertThat(row.findElement(By.cssSelector(".state")).getText()).isEqualTo("active");
        assertThat(row.findElement(By.cssSelector(".queue")).getText()).isEqualTo("2");
        WebElement quietRow = web.findElement(By.cssSelector("#bot-table tr[data-bot='" + quiet + "']"));
        assertThat(quietRow.findElement(By.cssSelector(".state")).getText()).isEqualTo("idle");
        assertThat(quietRow.getText()).contains("never");
        assertThat(web.findElement(By.cssSelector("#bot-table tr[data-bot='keybot']")).getText()).contains("yes");

        markPage();
        api.get("/api/tasks/pending?assigned_to=" + quiet);
        waitFor(Duration.ofSeconds(15), driver -> driver.findElement(By.cssSelector(
                "#bot-table tr[data-bot='" + quiet + "'] .state")).getText().equals("active"));
        assertSamePage();
        browser.screenshot("bots");
    }

    @Test
    void the_login_and_create_pages_for_the_docs() throws Exception {
        open("/web/login");
        browser.screenshot("login");
        signIn("hope-ops", ApiClient.KEY);
        open("/web/tasks/new");
        web.findElement(By.id("f-name")).sendKeys("Crawl the release notes");
        web.findElement(By.id("f-bot")).sendKeys("anna");
        browser.screenshot("new-task");
        assertThat(web.findElement(By.id("create-form")).isDisplayed()).isTrue();
    }

    @Test
    void an_operator_runs_a_replay_and_watches_the_progress_bar_move() throws Exception {
        // enough stored events that the replay takes a while: 30,000 tasks of three events, stored directly
        String bot = bot("replayed");
        List<org.axonframework.eventhandling.EventMessage<?>> batch = new java.util.ArrayList<>();
        Instant at = Instant.now().minusSeconds(3600);
        for (int i = 0; i < 30_000; i++) {
            long id = ids.nextId();
            String aggregate = Long.toString(id);
            batch.add(event(aggregate, 0, StoredTaskEvents.createdEvent(id, "bulk " + i, bot), at));
            batch.add(event(aggregate, 1, new org.opentask.api.TaskStartedEvent(id, bot, bot, null), at.plusMillis(20)));
            batch.add(event(aggregate, 2, new org.opentask.api.TaskCompletedEvent(id, "ok", bot), at.plusMillis(90)));
            if (batch.size() >= 3_000) {
                storage.appendEvents(batch);
                batch.clear();
            }
        }
        storage.appendEvents(batch);
        long live = api.createTask(bot, "made through the API before the replay", "P1");

        signIn("hope-ops", ApiClient.KEY);
        open("/web/replay");
        markPage();
        new org.openqa.selenium.support.ui.Select(web.findElement(By.id("replay-projection"))).selectByValue("all");
        clickAndLoad(By.id("replay-start"));
        assertThat(text("notice")).contains("started");
        markPage();

        // watch the bar: read it as the page refreshes itself, until the replay has completed
        List<Integer> seen = new java.util.ArrayList<>();
        long deadline = System.currentTimeMillis() + 120_000;
        String state = "";
        while (System.currentTimeMillis() < deadline) {
            try {
                WebElement bar = web.findElement(By.id("replay-progress"));
                state = bar.getAttribute("data-state");
                int percent = Integer.parseInt(bar.getAttribute("data-percent"));
                if (seen.isEmpty() || seen.get(seen.size() - 1) != percent) {
                    seen.add(percent);
                }
                if (state.equals("completed") || state.equals("failed")) {
                    break;
                }
            } catch (org.openqa.selenium.StaleElementReferenceException swappedMeanwhile) {
                // htmx replaced the fragment between the two reads
            }
            Thread.sleep(50);
        }
        browser.screenshot("replay");
        assertThat(state).isEqualTo("completed");
        assertThat(seen).as("percentages seen").isSorted().endsWith(100);
        assertThat(seen.stream().filter(p -> p > 0 && p < 100).count()).as("moving values in %s", seen)
                .isGreaterThanOrEqualTo(1);
        assertThat(web.findElement(By.id("replay-progress")).findElement(By.tagName("div")).getAttribute("style"))
                .contains("width: 100%");
        assertSamePage();

        // the rebuilt read models hold the stored tasks and the live one
        assertThat(count("SELECT COUNT(*) FROM bot_task WHERE assigned_to = ? AND deleted = 0", bot)).isEqualTo(30_001);

        // the analytics follow the same events on their own; let them catch up before the next test reads them
        long head = count("SELECT MAX(global_index) FROM domain_event_entry");
        var analytics = processing.eventProcessor("task-analytics",
                org.axonframework.eventhandling.TrackingEventProcessor.class).orElseThrow();
        for (int i = 0; i < 1800; i++) {
            var status = analytics.processingStatus().get(0);
            if (status != null && status.getCurrentPosition().orElse(0) >= head) {
                break;
            }
            Thread.sleep(100);
        }
        assertThat(api.get("/api/tasks/" + live).json().get("task_name").asString())
                .isEqualTo("made through the API before the replay");
    }

    private static org.axonframework.eventhandling.DomainEventMessage<?> event(String aggregate, long sequence,
                                                                             Object payload, Instant at) {
        return new org.axonframework.eventhandling.GenericDomainEventMessage<>("Task", aggregate, sequence, payload,
                org.axonframework.messaging.MetaData.emptyInstance(), java.util.UUID.randomUUID().toString(), at);
    }

    /** One day of history, {@code daysAgo} days before {@code today}: three to seven tasks, every fourth failed. */
    private void storeDay(StoredTaskEvents history, String bot, LocalDate today, int daysAgo) {
        Instant morning = today.minusDays(daysAgo).atTime(9, 0).atZone(zone).toInstant();
        for (int k = 0; k < 3 + (13 - daysAgo) % 5; k++) {
            Instant created = morning.plusSeconds(600L * k);
            var task = history.task(bot).created(created).started(created.plusSeconds(20 + 15L * k + daysAgo));
            if (k % 4 == 3) {
                task.failed(created.plusSeconds(200 + 30L * daysAgo));
            } else {
                task.completed(created.plusSeconds(120 + 40L * k + 10L * daysAgo));
            }
        }
    }

    /** Today's work through the API: one task done, one waiting. */
    private void workToday(String bot) {
        long id = api.createTask(bot, "today's work", "P0");
        api.put("/api/tasks/" + id + "/start");
        api.put("/api/tasks/" + id + "/complete", "{\"result\":\"ok\"}");
        api.createTask(bot, "still waiting", "P2");
    }

    /**
     * Reloads the dashboard until every day of the fortnight ending {@code today}, today's included (its start and
     * completion stored last), has been counted, and answers the day the dashboard shows: another one, at once, if
     * the day turned meanwhile. The analytics follow the store on their own processor, which may still be working
     * through the bulk history other tests stored in this database, anywhere in between when the page is read.
     */
    private LocalDate awaitFortnight(LocalDate today) {
        AtomicReference<LocalDate> shown = new AtomicReference<>();
        waitFor(Duration.ofSeconds(120), driver -> {
            open("/web/");
            List<WebElement> days = driver.findElements(By.cssSelector("#chart-tasks rect.bar[data-series='created']"));
            shown.set(LocalDate.parse(days.get(days.size() - 1).getAttribute("data-day")));
            return !shown.get().equals(today) || driver.findElements(By.cssSelector(
                    "#chart-tasks rect.bar[data-series='created']:not([data-value='0'])")).size() == 14
                    && driver.findElements(By.cssSelector("#chart-wait circle.point[data-series='p95']")).size() == 14;
        });
        return shown.get();
    }

    private void signIn(String name, String key) {
        open("/web/login");
        web.findElement(By.id("name")).sendKeys(name);
        web.findElement(By.id("key")).sendKeys(key);
        clickAndLoad(By.cssSelector("#login-form button"));
    }

    /** Clicks something that loads a new page, and waits until the new page is there. */
    private void clickAndLoad(By target) {
        WebElement old = web.findElement(By.tagName("html"));
        web.findElement(target).click();
        // the old page is gone once its root element is: Chromium says so as a stale element, or, caught in
        // mid-navigation, as a node that "does not belong to the document"
        new WebDriverWait(web, Duration.ofSeconds(20)).until(driver -> {
            try {
                old.isEnabled();
                return false;
            } catch (org.openqa.selenium.WebDriverException gone) {
                return true;
            }
        });
        new WebDriverWait(web, Duration.ofSeconds(20)).until(driver -> "complete".equals(
                ((org.openqa.selenium.JavascriptExecutor) driver).executeScript("return document.readyState")));
    }

    private void open(String path) {
        web.get("http://127.0.0.1:" + port + path);
    }

    private String text(String id) {
        return web.findElement(By.id(id)).getText();
    }

    /** A mark on the page's window: gone after a full reload, kept while htmx swaps parts of the page. */
    private void markPage() {
        ((org.openqa.selenium.JavascriptExecutor) web).executeScript("window.__openTaskMark = 'kept';");
    }

    private void assertSamePage() {
        assertThat(((org.openqa.selenium.JavascriptExecutor) web).executeScript("return window.__openTaskMark"))
                .as("the part refreshed without a full reload").isEqualTo("kept");
    }

    private void waitFor(Duration timeout, Function<WebDriver, Boolean> condition) {
        // a part htmx swaps while the condition reads it is read again on the next round
        new WebDriverWait(web, timeout, Duration.ofMillis(250))
                .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .until(condition::apply);
    }

}
