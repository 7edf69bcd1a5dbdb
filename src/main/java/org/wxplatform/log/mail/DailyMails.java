package org.wxplatform.log.mail;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.mail.Session;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.quartz.SchedulerException;
import org.wxplatform.account.AccountService;
import org.wxplatform.account.domain.OfficialAccount;
import org.wxplatform.account.wechat.AccountTokens;
import org.wxplatform.platform.PlatformLifecycle;
import org.wxplatform.platform.PlatformStarted;
import org.wxplatform.platform.alert.Alerts;
import org.wxplatform.platform.config.Settings;
import org.wxplatform.platform.scheduler.Scheduling;

/**
 * The daily log mail (SPEC §7.3): the previous day's figures to {@code WXP_DAILY_MAIL_TO} (comma-separated;
 * nothing is sent while it is empty) through the server's mail session {@code java:jboss/mail/wxp}, from
 * {@code WXP_DAILY_MAIL_HOUR} (7, Beijing time) on. A cluster-wide Quartz job runs every 15 minutes: the
 * first run at or after the hour sends, a run after a failure retries, a run after the mail went out does
 * nothing ({@link DailyMailer} holds the exactly-once rules).
 */
@ApplicationScoped
public class DailyMails {

    static final String JOB_NAME = "daily-mail";
    public static final String MAIL_SESSION = "java:jboss/mail/wxp";

    private static final Logger LOG = Logger.getLogger(DailyMails.class.getName());

    @Resource(lookup = PlatformLifecycle.DATASOURCE)
    DataSource dataSource;

    @Resource(lookup = MAIL_SESSION)
    Session session;

    @Inject
    Scheduling scheduling;

    @Inject
    Alerts alerts;

    @Inject
    AccountService accounts;

    @Inject
    AccountTokens tokens;

    private DailyMailer mailer;
    private ZoneId zone;

    @PostConstruct
    void init() {
        zone = ZoneId.of(Settings.get("WXP_TIMEZONE", "Asia/Shanghai"));
        mailer = new DailyMailer(
                dataSource,
                session,
                this::tokenFetches,
                (day, attempts, error) ->
                        alerts.raise("daily-mail", day.toString(), attempts + " failed attempts, last: " + error, 3600),
                zone,
                PlatformLifecycle.nodeName(),
                Clock.systemUTC());
    }

    void schedule(@Observes PlatformStarted started) throws SchedulerException {
        scheduling.scheduleCron(JOB_NAME, DailyMailJob.class, "0 */15 * * * ?");
    }

    /** The recipients as configured now. */
    public List<jakarta.mail.internet.InternetAddress> recipients() {
        return DailyMailer.recipients(Settings.get("WXP_DAILY_MAIL_TO", ""));
    }

    /** Sends (or retries) what is due; called by the job. */
    public void runDue() throws SQLException {
        var to = recipients();
        if (to.isEmpty()) {
            return;
        }
        int hour = Settings.getInt("WXP_DAILY_MAIL_HOUR", 7);
        for (LocalDate day : mailer.due(Math.max(0, Math.min(23, hour)))) {
            DailyMailer.Result r = mailer.send(day, to);
            if (r.outcome() == DailyMailer.Outcome.FAILED) {
                LOG.warning("daily mail " + day + ": attempt " + r.attempts() + " failed, retried in 15 minutes");
            }
        }
    }

    /** Builds and sends the mail of {@code day} now, under the same claim as the job. */
    public DailyMailer.Result sendNow(LocalDate day) throws SQLException {
        return mailer.send(day, recipients());
    }

    public List<DailyMailer.Row> list(LocalDate before, int limit) throws SQLException {
        return mailer.list(before, limit);
    }

    public ZoneId zone() {
        return zone;
    }

    private Map<String, Long> tokenFetches(LocalDate day) {
        Map<String, Long> out = new LinkedHashMap<>();
        try {
            for (OfficialAccount a : accounts.list()) {
                long at = tokens.accessTokens().fetchesOn(a.getAppid(), day);
                long jt = tokens.jsapiTickets().fetchesOn(a.getAppid(), day);
                if (at > 0) {
                    out.put(a.getAppid() + "/access_token", at);
                }
                if (jt > 0) {
                    out.put(a.getAppid() + "/jsapi_ticket", jt);
                }
            }
        } catch (RuntimeException redisDown) {
            LOG.warning("token fetch counts unavailable for the daily mail: " + redisDown);
        }
        return out;
    }

    /** The Quartz side: one node per firing. */
    @Dependent
    @DisallowConcurrentExecution
    public static class DailyMailJob implements Job {

        @Inject
        DailyMails mails;

        @Override
        public void execute(JobExecutionContext context) {
            try {
                mails.runDue();
            } catch (SQLException | RuntimeException e) {
                LOG.warning("daily mail run failed: " + e);
            }
        }
    }
}
