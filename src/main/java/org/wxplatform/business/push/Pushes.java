package org.wxplatform.business.push;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.InputStream;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;
import org.wxplatform.account.AccountDirectory;
import org.wxplatform.account.wechat.ApiQuota;
import org.wxplatform.account.wechat.TemplateFields;
import org.wxplatform.account.wechat.TemplateMessage;
import org.wxplatform.account.wechat.WeChatApiException;
import org.wxplatform.account.wechat.WeChatClient;
import org.wxplatform.business.binding.BindingService;
import org.wxplatform.business.binding.Phones;
import org.wxplatform.platform.config.Settings;

/**
 * Template pushes, the one write path of the {@code push*} tables (see the package comment).
 *
 * <ul>
 *   <li>{@link #syncTemplates}: the account's library from WeChat; {@link #quota}: WeChat's daily quota
 *       of template sends, read from its quota API.
 *   <li>{@link #upload}: a push from a file of numbers, read as it streams ({@link PhoneFile}): every
 *       field of the template must get a value (from {@code data} or a column), each checked against
 *       WeChat's rules ({@link TemplateFields}) before anything is sent, so a 47003 never reaches WeChat.
 *       Lines that are not mobile numbers, repeat a number, or belong to nobody bound on the account are
 *       counted and kept for the CSV; a refused file leaves nothing behind. The push is then ready (D).
 *   <li>{@link #start}, {@link #pause}, {@link #resume}, {@link #cancel}: the sending ({@link PushSender}).
 * </ul>
 */
@ApplicationScoped
public class Pushes {

    static final String TEMPLATE_SEND = "/cgi-bin/message/template/send";
    private static final Logger LOG = Logger.getLogger(Pushes.class.getName());
    private static final int LOOKUP = 500;

    @Inject
    PushStore store;

    @Inject
    WeChatClient wechat;

    @Inject
    BindingService bindings;

    @Inject
    AccountDirectory accounts;

    @Inject
    PushSender sender;

    /** The highest rate a push may ask for, per account ({@code WXP_TEMPLATE_RATE}, default 200 a second). */
    static int maxRate() {
        return Math.max(1, Settings.getInt("WXP_TEMPLATE_RATE", 200));
    }

    /** The refusal of a file whose declared length is over {@link #maxFileBytes()}. */
    public static String tooLarge(long declaredLength) {
        return "the file is larger than " + (maxFileBytes() >> 20) + " MB (" + declaredLength + " bytes): split it";
    }

    /** The largest file a push takes ({@code WXP_PUSH_MAX_FILE_MB}, default 120 MB). */
    public static long maxFileBytes() {
        return Settings.getInt("WXP_PUSH_MAX_FILE_MB", 120) * (1L << 20);
    }

    static int maxLines() {
        return Settings.getInt("WXP_PUSH_MAX_LINES", 1_000_000);
    }

    // ---- templates and quota

    /** Replaces the stored library with WeChat's; answers it. */
    public List<PushTemplate> syncTemplates(String appid) throws PushRefused, SQLException {
        requireAccount(appid);
        try {
            store.replaceTemplates(appid, wechat.templates(appid));
        } catch (WeChatApiException e) {
            throw new PushRefused(502, "WeChat did not give the template list: " + e.errcode() + " " + e.errmsg());
        }
        return store.templates(appid);
    }

    public List<PushTemplate> templates(String appid) throws PushRefused, SQLException {
        requireAccount(appid);
        return store.templates(appid);
    }

    /** WeChat's quota of template sends today, as its quota API tells. */
    public ApiQuota quota(String appid) throws PushRefused {
        requireAccount(appid);
        try {
            return wechat.quota(appid, TEMPLATE_SEND);
        } catch (WeChatApiException e) {
            throw new PushRefused(502, "WeChat did not give the quota: " + e.errcode() + " " + e.errmsg());
        }
    }

    private void requireAccount(String appid) throws PushRefused {
        if (appid == null
                || !appid.matches("[A-Za-z0-9_-]{1,32}")
                || accounts.keys(appid).isEmpty()) {
            throw new PushRefused(404, "appid: no such account");
        }
    }

    // ---- upload

    /** What a push is made of, besides its file. */
    public record Draft(
            String appid,
            String templateId,
            String url,
            String miniProgramAppId,
            String miniProgramPage,
            Map<String, String> data,
            List<String> columns,
            int rate,
            String fileName,
            String createdBy,
            String mailTo) {}

    /**
     * Reads the file and makes the push (ready to start); a refused file or draft leaves nothing behind.
     *
     * @param declaredLength the request's Content-Length, or -1: a file declared too large is refused
     *     before a byte of it is read
     */
    public PushView upload(Draft draft, InputStream file, long declaredLength) throws PushRefused, SQLException {
        requireAccount(draft.appid());
        if (declaredLength > maxFileBytes()) {
            throw new PushRefused(413, tooLarge(declaredLength));
        }
        PushTemplate template = store.templates(draft.appid()).stream()
                .filter(t -> t.templateId().equals(draft.templateId()))
                .findFirst()
                .orElseThrow(() -> new PushRefused(
                        400, "templateId: not in the account's template library (sync the templates first)"));
        int rate = draft.rate() <= 0 ? maxRate() : draft.rate();
        if (rate > maxRate()) {
            throw new PushRefused(400, "rate: at most " + maxRate() + " a second for an account");
        }
        Map<String, String> data = draft.data() == null ? Map.of() : draft.data();
        checkDraft(template, draft, data, draft.columns());
        String mailTo = draft.mailTo() == null || draft.mailTo().isBlank()
                ? null
                : draft.mailTo().strip();
        if (mailTo != null && !mailTo.matches("[^@\\s,]{1,64}@[^@\\s,]{1,190}")) {
            throw new PushRefused(400, "mailTo: one mail address");
        }
        long id = store.createUploading(
                draft.appid(),
                template.templateId(),
                blankToNull(draft.url()),
                blankToNull(draft.miniProgramAppId()),
                blankToNull(draft.miniProgramPage()),
                json(data),
                Json.createArrayBuilder(draft.columns()).build().toString(),
                rate,
                draft.fileName(),
                draft.createdBy(),
                mailTo);
        try {
            Reading reading = new Reading(id, draft.appid(), template, data, new ArrayList<>(draft.columns()));
            PhoneFile.Read read;
            try (Connection c = store.connection()) {
                reading.connection = c;
                read = PhoneFile.read(file, maxFileBytes(), maxLines(), reading::line);
                reading.flush();
            }
            if (reading.header) {
                read = new PhoneFile.Read(read.encoding(), read.bytes(), read.lines() - 1);
            }
            store.finishUpload(id, read, reading.invalid, reading.duplicates, reading.unbound, reading.targets);
            LOG.info("push " + id + " of " + draft.appid() + ": " + read.lines() + " lines, " + reading.targets
                    + " bound numbers");
            return view(id).orElseThrow();
        } catch (PushRefused e) {
            store.delete(id);
            throw e;
        } catch (PhoneFile.TooLarge e) {
            store.delete(id);
            throw new PushRefused(413, e.getMessage() + ": split it");
        } catch (Exception e) {
            store.delete(id);
            if (e instanceof SQLException s) {
                throw s;
            }
            throw new PushRefused(400, "the file could not be read: " + e.getMessage());
        }
    }

    private static void checkDraft(PushTemplate template, Draft draft, Map<String, String> data, List<String> columns)
            throws PushRefused {
        List<String> keys = template.keys();
        for (String column : columns) {
            if (!keys.contains(column)) {
                throw new PushRefused(400, "columns: " + column + " is not a field of the template " + keys);
            }
        }
        Map<String, TemplateMessage.Value> values = new LinkedHashMap<>();
        for (String key : keys) {
            String v = data.get(key);
            if (v == null && !columns.isEmpty() && !columns.contains(key)) {
                throw new PushRefused(400, "data: the field " + key + " needs a value (or a column of the file)");
            }
            if (v != null) {
                try {
                    TemplateFields.check(key, v);
                } catch (IllegalArgumentException e) {
                    throw new PushRefused(400, "data: " + e.getMessage());
                }
            }
            values.put(key, TemplateMessage.Value.of(v == null ? "-" : v));
        }
        for (String key : data.keySet()) {
            if (!keys.contains(key)) {
                throw new PushRefused(400, "data: " + key + " is not a field of the template " + keys);
            }
        }
        try {
            new TemplateMessage(
                    "oProbe",
                    template.templateId(),
                    blankToNull(draft.url()),
                    blankToNull(draft.miniProgramAppId()) == null
                            ? null
                            : new TemplateMessage.MiniProgram(
                                    draft.miniProgramAppId(), blankToNull(draft.miniProgramPage())),
                    values);
        } catch (IllegalArgumentException e) {
            throw new PushRefused(400, e.getMessage());
        }
    }

    /** The lines of one upload: numbers looked up in slices of {@value #LOOKUP}, rows written in batches. */
    private final class Reading {
        final long id;
        final String appid;
        final PushTemplate template;
        final Map<String, String> data;
        List<String> columns;
        Connection connection;
        final LongSet seen = new LongSet();
        final List<Object[]> waiting = new ArrayList<>();
        final List<PushStore.NewTarget> targetRows = new ArrayList<>();
        final List<PushStore.Rejected> rejectedRows = new ArrayList<>();
        int invalid;
        int duplicates;
        int unbound;
        int targets;
        boolean first = true;
        boolean header;

        Reading(long id, String appid, PushTemplate template, Map<String, String> data, List<String> columns) {
            this.id = id;
            this.appid = appid;
            this.template = template;
            this.data = data;
            this.columns = columns;
        }

        void line(int lineNo, String line, List<String> cells) throws Exception {
            boolean header = first && cells.get(0).chars().noneMatch(Character::isDigit);
            if (first) {
                first = false;
                this.header = header;
                if (header) {
                    if (cells.size() > 1) {
                        List<String> named = cells.subList(1, cells.size());
                        for (String name : named) {
                            if (!template.keys().contains(name)) {
                                throw new PushRefused(
                                        400,
                                        "header: the column " + name + " is not a field of the template "
                                                + template.keys());
                            }
                        }
                        columns = new ArrayList<>(named);
                        for (String key : template.keys()) {
                            if (!data.containsKey(key) && !columns.contains(key)) {
                                throw new PushRefused(
                                        400, "the field " + key + " needs a value (or a column of the file)");
                            }
                        }
                    }
                    return;
                }
                for (String key : template.keys()) {
                    if (!data.containsKey(key) && !columns.contains(key)) {
                        throw new PushRefused(
                                400,
                                "data: the field " + key
                                        + " needs a value (or a column of the file: columns=... or a header line)");
                    }
                }
            }
            Optional<String> phone = Phones.normalize(cells.get(0));
            if (phone.isEmpty()) {
                reject(lineNo, "INVALID", line, "not a mobile number");
                return;
            }
            String fields = null;
            if (!columns.isEmpty() || cells.size() > 1) {
                if (cells.size() - 1 > columns.size()) {
                    reject(lineNo, "INVALID", line, "more columns than fields " + columns);
                    return;
                }
                JsonObjectBuilder f = Json.createObjectBuilder();
                for (int i = 0; i < columns.size(); i++) {
                    String key = columns.get(i);
                    String v = i + 1 < cells.size() ? cells.get(i + 1) : "";
                    if (v.isEmpty()) {
                        if (!data.containsKey(key)) {
                            reject(lineNo, "INVALID", line, key + ": a value is required");
                            return;
                        }
                        continue;
                    }
                    try {
                        TemplateFields.check(key, v);
                    } catch (IllegalArgumentException e) {
                        reject(lineNo, "INVALID", line, e.getMessage());
                        return;
                    }
                    f.add(key, v);
                }
                JsonObject built = f.build();
                fields = built.isEmpty() ? null : built.toString();
                if (fields != null && fields.length() > 2000) {
                    reject(lineNo, "INVALID", line, "the fields are longer than 2000 characters");
                    return;
                }
            }
            if (!seen.add(Long.parseLong(phone.get()))) {
                reject(lineNo, "DUPLICATE", line, null);
                return;
            }
            waiting.add(new Object[] {lineNo, line, phone.get(), fields});
            if (waiting.size() >= LOOKUP) {
                flush();
            }
        }

        void reject(int lineNo, String reason, String line, String detail) throws SQLException {
            switch (reason) {
                case "INVALID" -> invalid++;
                case "DUPLICATE" -> duplicates++;
                default -> unbound++;
            }
            rejectedRows.add(new PushStore.Rejected(lineNo, reason, line, detail));
            if (rejectedRows.size() >= 1000) {
                store.insertRejected(connection, id, rejectedRows);
                rejectedRows.clear();
            }
        }

        void flush() throws SQLException {
            if (!waiting.isEmpty()) {
                List<String> phones = new ArrayList<>(waiting.size());
                for (Object[] w : waiting) {
                    phones.add((String) w[2]);
                }
                Map<String, String> bound = bindings.openidsByPhone(appid, phones);
                for (Object[] w : waiting) {
                    String openid = bound.get((String) w[2]);
                    if (openid == null) {
                        reject((Integer) w[0], "UNBOUND", (String) w[1], null);
                    } else {
                        targetRows.add(new PushStore.NewTarget(++targets, openid, (String) w[2], (String) w[3]));
                    }
                }
                waiting.clear();
            }
            store.insertTargets(connection, id, targetRows);
            targetRows.clear();
            store.insertRejected(connection, id, rejectedRows);
            rejectedRows.clear();
        }
    }

    // ---- sending

    public PushView start(long id) throws PushRefused, SQLException {
        requirePush(id);
        if (!store.transition(id, "D", 'R', null)) {
            throw new PushRefused(
                    409,
                    "state: only a ready push starts (it is "
                            + stateName(requirePush(id).state()) + ")");
        }
        sender.publishPending(id);
        return view(id).orElseThrow();
    }

    public PushView pause(long id) throws PushRefused, SQLException {
        requirePush(id);
        if (!store.transition(id, "R", 'P', "paused by the operator")) {
            throw new PushRefused(409, "state: only a running push pauses");
        }
        sender.forget(id);
        return view(id).orElseThrow();
    }

    public PushView resume(long id) throws PushRefused, SQLException {
        requirePush(id);
        if (!store.transition(id, "P", 'R', null)) {
            throw new PushRefused(409, "state: only a paused push resumes");
        }
        sender.forget(id);
        sender.publishPending(id);
        return view(id).orElseThrow();
    }

    public PushView cancel(long id) throws PushRefused, SQLException {
        requirePush(id);
        if (!store.transition(id, "DRP", 'C', "cancelled by the operator")) {
            throw new PushRefused(409, "state: a finished or cancelled push cannot be cancelled");
        }
        sender.forget(id);
        store.cancelPending(id);
        return view(id).orElseThrow();
    }

    /** Sets the push to paused because WeChat's quota is used up (45009/45047); true if this call did. */
    boolean pauseForQuota(long id, String why) throws SQLException {
        boolean paused = store.transition(id, "R", 'P', why);
        sender.forget(id);
        return paused;
    }

    private PushStore.Row requirePush(long id) throws PushRefused, SQLException {
        PushStore.Row row = store.find(id);
        if (row == null || row.state() == 'U') {
            throw new PushRefused(404, "no such push");
        }
        return row;
    }

    // ---- reading

    public Optional<PushView> view(long id) throws SQLException {
        PushStore.Row row = store.find(id);
        if (row == null || row.state() == 'U') {
            return Optional.empty();
        }
        return Optional.of(view(row));
    }

    public List<PushView> list(String appid, int limit) throws SQLException {
        List<PushView> out = new ArrayList<>();
        for (PushStore.Row row : store.list(appid, Math.max(1, Math.min(500, limit)))) {
            out.add(view(row));
        }
        return out;
    }

    PushView view(PushStore.Row row) throws SQLException {
        Map<String, Long> states = store.stateCounts(row.id());
        Map<String, Long> receipts = store.receiptCounts(row.id());
        long delivered = 0;
        long blocked = 0;
        long failed = 0;
        long awaiting = receipts.getOrDefault("", 0L);
        Map<String, Long> named = new LinkedHashMap<>();
        for (Map.Entry<String, Long> e : receipts.entrySet()) {
            if (e.getKey().isEmpty()) {
                continue;
            }
            named.put(e.getKey(), e.getValue());
            if (e.getKey().equals("success")) {
                delivered += e.getValue();
            } else if (e.getKey().equals("failed:user block")) {
                blocked += e.getValue();
            } else {
                failed += e.getValue();
            }
        }
        long pending = states.getOrDefault("P", 0L);
        long inDoubt = states.getOrDefault("I", 0L);
        double rate = row.state() == 'R' ? sender.currentRate(row.id()) : 0;
        Long left = row.state() == 'R' && rate > 0 ? Math.round((pending + inDoubt) / rate) : null;
        return new PushView(
                row.id(),
                row.appid(),
                row.templateId(),
                stateName(row.state()),
                row.pauseReason(),
                row.rate(),
                row.url(),
                row.fileName(),
                row.fileBytes(),
                row.encoding(),
                row.lines(),
                row.invalid(),
                row.duplicates(),
                row.unbound(),
                row.targets(),
                pending,
                inDoubt,
                states.getOrDefault("S", 0L),
                states.getOrDefault("F", 0L),
                states.getOrDefault("X", 0L),
                states.getOrDefault("resent", 0L),
                delivered,
                blocked,
                failed,
                awaiting,
                named,
                rate,
                left,
                row.createdBy(),
                row.mailTo(),
                row.createdMs(),
                row.startedMs(),
                row.finishedMs(),
                row.mailedMs());
    }

    static String stateName(char state) {
        return switch (state) {
            case 'D' -> "READY";
            case 'R' -> "RUNNING";
            case 'P' -> "PAUSED";
            case 'C' -> "CANCELLED";
            case 'F' -> "FINISHED";
            default -> "UPLOADING";
        };
    }

    /** The failures of a push: phone, openid, errcode or receipt; {@code sink} gets one row of cells at a time. */
    public void failures(long id, java.util.function.Consumer<List<Object>> sink) throws PushRefused, SQLException {
        requirePush(id);
        store.failures(
                id,
                rs -> sink.accept(java.util.Arrays.asList(
                        rs.getInt(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4).equals("F") ? "failed" : "sent",
                        rs.getObject(5),
                        rs.getString(6),
                        rs.getString(7),
                        rs.getInt(8) == 1 ? "yes" : "")));
    }

    /** The lines not sent to: line number, reason (INVALID, DUPLICATE, UNBOUND), the line, why. */
    public void rejected(long id, java.util.function.Consumer<List<Object>> sink) throws PushRefused, SQLException {
        requirePush(id);
        store.rejected(
                id,
                rs -> sink.accept(
                        java.util.Arrays.asList(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getString(4))));
    }

    /** The preview of a template with values, as the phone shows it: the title and the filled content. */
    public static String fill(String content, Map<String, String> values) {
        StringBuilder out = new StringBuilder();
        int from = 0;
        while (true) {
            int open = content.indexOf("{{", from);
            int close = open < 0 ? -1 : content.indexOf("}}", open);
            if (close < 0) {
                out.append(content.substring(from));
                return out.toString();
            }
            out.append(content, from, open);
            String mark = content.substring(open + 2, close).strip();
            int dot = mark.indexOf('.');
            String key = dot < 0 ? mark : mark.substring(0, dot);
            out.append(values.getOrDefault(key, ""));
            from = close + 2;
        }
    }

    static String json(Map<String, String> data) {
        JsonObjectBuilder b = Json.createObjectBuilder();
        data.forEach(b::add);
        return b.build().toString();
    }

    static Map<String, String> map(String json) {
        Map<String, String> out = new LinkedHashMap<>();
        if (json == null || json.isEmpty()) {
            return out;
        }
        JsonObject o = Json.createReader(new StringReader(json)).readObject();
        for (Map.Entry<String, JsonValue> e : o.entrySet()) {
            if (e.getValue() instanceof JsonString s) {
                out.put(e.getKey(), s.getString());
            }
        }
        return out;
    }

    static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
