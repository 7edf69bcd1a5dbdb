package org.wxplatform.admin.web;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.Part;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.util.logging.Logger;
import java.util.regex.Pattern;
import org.wxplatform.account.AccountService;
import org.wxplatform.account.wechat.PermanentImage;
import org.wxplatform.account.wechat.WeChatApiException;
import org.wxplatform.platform.web.ErrorMappers;

/**
 * {@code POST /api/admin/accounts/{appid}/images}: an operator's picture becomes a permanent image of
 * the account at WeChat ({@code add_material}), so an auto-reply can send it for longer than a temporary
 * media id's three days. One {@code multipart/form-data} part named {@code file}: bmp, png, jpeg or gif
 * by its first bytes (never by its name), 1 byte to 10 MB, a plain file name. The container parses the
 * upload (multipart-config of the REST servlet in web.xml) and stops reading a part at 10 MB.
 */
@Path("/admin/accounts/{appid}/images")
public class ImagesResource {

    private static final Logger LOG = Logger.getLogger(ImagesResource.class.getName());
    static final long MAX_BYTES = 10L << 20;
    private static final Pattern APPID = Pattern.compile("[A-Za-z0-9_-]{1,32}");
    /** A plain name: no directory part, no parent reference, no control characters or quotes. */
    private static final Pattern PLAIN_NAME = Pattern.compile("[^/\\\\\"\\p{Cntrl}:]{1,128}");

    @Inject
    AccountService accounts;

    @Inject
    org.wxplatform.account.wechat.WeChatClient wechat;

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed("SUPER_ADMIN")
    public Response upload(@PathParam("appid") String appid, @Context HttpServletRequest request) throws IOException {
        if (!APPID.matcher(appid).matches() || accounts.find(appid).isEmpty()) {
            return ErrorMappers.error(Response.Status.NOT_FOUND, "no account " + appid);
        }
        Part part;
        try {
            part = request.getPart("file");
        } catch (IllegalStateException | IOException tooLarge) {
            // the container stops reading a part at its limit: nothing more than that was taken in
            return bad("file: over 10 MB (" + MAX_BYTES + " bytes)");
        } catch (ServletException notMultipart) {
            return bad("file: expected a multipart/form-data upload");
        }
        if (part == null || part.getSubmittedFileName() == null) {
            return bad("file: no file part named \"file\"");
        }
        try {
            String name = part.getSubmittedFileName();
            if (name.isBlank() || name.length() > 128) {
                return bad("file: the file name must be 1 to 128 characters");
            }
            if (!PLAIN_NAME.matcher(name).matches() || name.equals("..") || name.startsWith("..")) {
                return bad("file: the file name must be a plain name without path parts");
            }
            if (part.getSize() == 0) {
                return bad("file: the file is empty");
            }
            if (part.getSize() > MAX_BYTES) {
                return bad("file: over 10 MB (" + MAX_BYTES + " bytes)");
            }
            byte[] content;
            try (InputStream in = part.getInputStream()) {
                content = in.readNBytes((int) MAX_BYTES + 1);
            }
            if (content.length > MAX_BYTES) {
                return bad("file: over 10 MB (" + MAX_BYTES + " bytes)");
            }
            var type = PermanentImage.contentType(content);
            if (type.isEmpty()) {
                return bad("file: not an image (bmp, png, jpeg or gif, judged by its content)");
            }
            // WeChat judges by the name too: the name says what the content is
            int dot = name.lastIndexOf('.');
            String stem = dot > 0 ? name.substring(0, dot) : name;
            String filename = stem + "." + PermanentImage.extension(type.get());
            PermanentImage image = wechat.addPermanentImage(appid, filename, content);
            return Response.status(Response.Status.CREATED)
                    .type(MediaType.APPLICATION_JSON_TYPE)
                    .entity(Json.createObjectBuilder()
                            .add("mediaId", image.mediaId())
                            .add("url", image.url() == null ? "" : image.url())
                            .build())
                    .build();
        } catch (WeChatApiException e) {
            LOG.warning("permanent image for " + appid + " not added: " + e.getMessage());
            return ErrorMappers.error(
                    Response.Status.BAD_GATEWAY,
                    "WeChat did not take the image"
                            + (e.errcode() == WeChatApiException.NO_ERRCODE ? "" : ": errcode " + e.errcode())
                            + (e.transientFailure() ? "; try again later" : ""));
        } finally {
            part.delete();
        }
    }

    private static Response bad(String message) {
        return ErrorMappers.error(Response.Status.BAD_REQUEST, message);
    }
}
