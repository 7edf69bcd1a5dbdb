package org.wxplatform.h5.business;

import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import org.wxplatform.account.AccountDirectory;
import org.wxplatform.business.binding.BindingService;
import org.wxplatform.business.binding.BindingTexts;
import org.wxplatform.business.binding.Phones;
import org.wxplatform.business.carrier.OrderKind;
import org.wxplatform.business.catalog.CatalogNode;
import org.wxplatform.business.catalog.CatalogService;
import org.wxplatform.business.catalog.NodeKind;
import org.wxplatform.business.query.QueryKind;
import org.wxplatform.business.query.QueryService;
import org.wxplatform.business.transaction.TransactionIntake;
import org.wxplatform.business.transaction.TransactionRequest;
import org.wxplatform.h5.auth.WebAuthorization;
import org.wxplatform.h5.web.H5Pages;

/**
 * The query page {@code /h5/query?appid=} and the package-order page {@code /h5/order?appid=} (behind web
 * authorization, {@link H5Pages}), and their calls under {@code /h5/business/api/}:
 *
 * <ul>
 *   <li>{@code GET status}: {@code {"bound", "phone"?, "snapshot", "csrf"}};
 *   <li>{@code GET query?kind=DATA_USAGE|PACKAGE_REMAINING|BILL_DAILY|BILL_MONTHLY|POINTS}: {@code {"kind",
 *       "title", "text"}} — the carrier's answer for the bound number, as the chat gives it;
 *   <li>{@code GET catalog}: {@code {"packages": [{"code", "name", "description", "amountFen"}], "formToken"}};
 *   <li>{@code POST order} {@code {"code", "formToken"}}: {@code {"ok", "message"}} — the order goes into the
 *       transaction queue keyed by the form's one-time token, so a form sent twice (double tap, a retry
 *       after a lost answer, another node) orders once.
 * </ul>
 *
 * Unbound subscribers get 409 with the bind hint; snapshot-page visitors are refused orders (403).
 */
@WebServlet(urlPatterns = {"/h5/query", "/h5/order", "/h5/business/*"})
public class BusinessPagesServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final SecureRandom RANDOM = new SecureRandom();
    static final String SNAPSHOT = "当前是朋友圈快照页，请点击底部「使用完整服务」，或从公众号菜单打开本页后再办理。";

    @Inject
    transient WebAuthorization authorization;

    @Inject
    transient AccountDirectory accounts;

    @Inject
    transient BindingService bindings;

    @Inject
    transient QueryService queries;

    @Inject
    transient CatalogService catalog;

    @Inject
    transient TransactionIntake intake;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String appid = request.getParameter("appid");
        String servlet = request.getServletPath();
        String path = request.getPathInfo() == null ? "" : request.getPathInfo();
        boolean api = servlet.equals("/h5/business");
        if (appid == null
                || !H5Pages.APPID.matcher(appid).matches()
                || accounts.keys(appid).isEmpty()) {
            if (api) {
                H5Pages.json(response, 404, H5Pages.error("unknown account"));
            } else {
                H5Pages.notice(response, 404, "错误", "页面参数错误：没有这个公众号。");
            }
            return;
        }
        if (!api) {
            boolean query = servlet.equals("/h5/query");
            H5Pages.authorizedPage(
                    authorization,
                    getServletContext(),
                    request,
                    response,
                    appid,
                    servlet + "?appid=" + appid,
                    query ? "/h5/query.html" : "/h5/order.html",
                    query ? "话费流量查询" : "套餐办理");
            return;
        }
        Optional<String> openid = authorization.openid(request, appid);
        if (openid.isEmpty()) {
            H5Pages.json(response, 401, H5Pages.error("请从公众号菜单重新打开本页。"));
            return;
        }
        boolean snapshot = authorization.snapshotUser(request, appid);
        Optional<String> phone = snapshot ? Optional.empty() : bindings.phoneOf(appid, openid.get());
        switch (path) {
            case "/api/status" -> {
                JsonObjectBuilder o = Json.createObjectBuilder()
                        .add("bound", phone.isPresent())
                        .add("snapshot", snapshot)
                        .add("csrf", authorization.csrfToken(request).orElse(""))
                        .add("bindUrl", request.getContextPath() + "/h5/bind?appid=" + appid);
                phone.ifPresent(p -> o.add("phone", Phones.mask(p)));
                H5Pages.json(response, 200, o);
            }
            case "/api/query" -> {
                QueryKind kind;
                try {
                    kind = QueryKind.valueOf(String.valueOf(request.getParameter("kind")));
                } catch (IllegalArgumentException e) {
                    H5Pages.json(
                            response,
                            400,
                            H5Pages.error("kind: one of DATA_USAGE, PACKAGE_REMAINING,"
                                    + " BILL_DAILY, BILL_MONTHLY, POINTS"));
                    return;
                }
                if (phone.isEmpty()) {
                    H5Pages.json(
                            response,
                            snapshot ? 403 : 409,
                            H5Pages.error(snapshot ? SNAPSHOT : BindingTexts.BIND_FIRST));
                    return;
                }
                H5Pages.json(
                        response,
                        200,
                        Json.createObjectBuilder()
                                .add("kind", kind.name())
                                .add("title", kind.title())
                                .add("text", queries.answerNow(phone.get(), kind)));
            }
            case "/api/catalog" -> {
                JsonArrayBuilder packages = Json.createArrayBuilder();
                for (CatalogNode n : catalog.catalog().nodes()) {
                    if (n.kind() == NodeKind.ORDER) {
                        packages.add(Json.createObjectBuilder()
                                .add("code", n.code())
                                .add("name", n.name())
                                .add("description", n.description() == null ? "" : n.description())
                                .add("amountFen", n.amountFen()));
                    }
                }
                H5Pages.json(
                        response,
                        200,
                        Json.createObjectBuilder().add("packages", packages).add("formToken", token()));
            }
            default -> H5Pages.json(response, 404, H5Pages.error("no such call"));
        }
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String appid = request.getParameter("appid");
        String path = request.getPathInfo() == null ? "" : request.getPathInfo();
        if (!request.getServletPath().equals("/h5/business") || !path.equals("/api/order")) {
            H5Pages.json(response, 404, H5Pages.error("no such call"));
            return;
        }
        if (appid == null
                || !H5Pages.APPID.matcher(appid).matches()
                || accounts.keys(appid).isEmpty()) {
            H5Pages.json(response, 404, H5Pages.error("unknown account"));
            return;
        }
        Optional<String> openid = authorization.openid(request, appid);
        if (openid.isEmpty()) {
            H5Pages.json(response, 401, H5Pages.error("请从公众号菜单重新打开本页。"));
            return;
        }
        if (authorization.snapshotUser(request, appid)) {
            H5Pages.json(response, 403, H5Pages.error(SNAPSHOT));
            return;
        }
        if (!H5Pages.writable(authorization, request, response)) {
            return;
        }
        JsonObject body;
        try {
            body = H5Pages.readBody(request);
        } catch (IllegalArgumentException e) {
            H5Pages.json(response, 400, H5Pages.error(e.getMessage()));
            return;
        }
        String token = H5Pages.string(body, "formToken").orElse("");
        if (!token.matches("[0-9a-f]{32}")) {
            H5Pages.json(response, 400, H5Pages.error("formToken: the token the catalog gave (32 hex digits)"));
            return;
        }
        Optional<CatalogNode> node = catalog.catalog()
                .byCode(H5Pages.string(body, "code").orElse(""))
                .filter(n -> n.kind() == NodeKind.ORDER);
        if (node.isEmpty()) {
            H5Pages.json(response, 400, H5Pages.error("code: not a package of the catalog"));
            return;
        }
        Optional<String> phone = bindings.phoneOf(appid, openid.get());
        if (phone.isEmpty()) {
            H5Pages.json(response, 409, H5Pages.error(BindingTexts.BIND_FIRST));
            return;
        }
        CatalogNode n = node.get();
        String message = intake.submit(new TransactionRequest(
                appid + ":h5:" + openid.get() + ":" + token,
                appid,
                openid.get(),
                phone.get(),
                OrderKind.valueOf(n.action()),
                n.productCode(),
                n.amountFen(),
                n.name()));
        H5Pages.json(response, 200, Json.createObjectBuilder().add("ok", true).add("message", message));
    }

    private static String token() {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
