package org.wxplatform.admin.web;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.EntityPart;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.logging.Logger;
import java.util.regex.Pattern;
import org.wxplatform.account.AccountService;
import org.wxplatform.account.wechat.PermanentImage;
import org.wxplatform.account.wechat.WeChatApiException;
import org.wxplatform.account.wechat.WeChatClient;
import org.wxplatform.platform.web.ErrorMappers;

/**
 * {@code POST /api/admin/accounts/{appid}/images}: an operator's picture becomes a permanent image of
 * the account at WeChat ({@code add_material}), so an auto-reply can send it for longer than a temporary
 * media id's three days. One {@code multipart/form-data} part named {@code file} (Jakarta REST 3.1
 * {@link EntityPart}): bmp, png, jpeg or gif by its first bytes (never by its name), 1 byte to 10 MB, a
 * plain file name. An upload longer than the limit is refused before it is read when it says its length,
 * and while it is read otherwise ({@link UploadLimit}): no more than the limit is ever taken in.
 */
@Path("/admin/accounts/{appid}/images")
public class ImagesResource {

    private static final Logger LOG = Logger.getLogger(ImagesResource.class.getName());
    static final long MAX_BYTES = 10L << 20;
    /** The image and what multipart framing around one part may add. */
    static final long MAX_REQUEST = MAX_BYTES + (64 << 10);

    static final String TOO_LARGE = "file: over 10 MB (" + MAX_BYTES + " bytes)";
    private static final Pattern APPID = Pattern.compile("[A-Za-z0-9_-]{1,32}");
    /** A plain name: no directory part, no drive, no control characters or quotes. */
    private static final Pattern PLAIN_NAME = Pattern.compile("[^/\\\\\"\\p{Cntrl}:]{1,128}");

    @Inject
    AccountService accounts;

    @Inject
    WeChatClient wechat;

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed("SUPER_ADMIN")
    public Response upload(@PathParam("appid") String appid, @FormParam("file") EntityPart file) throws IOException {
        if (!APPID.matcher(appid).matches() || accounts.find(appid).isEmpty()) {
            return ErrorMappers.error(Response.Status.NOT_FOUND, "no account " + appid);
        }
        if (file == null || file.getFileName().isEmpty()) {
            return bad("file: no file part named \"file\"");
        }
        String name = file.getFileName().get();
        if (name.isBlank() || name.length() > 128) {
            return bad("file: the file name must be 1 to 128 characters");
        }
        if (!PLAIN_NAME.matcher(name).matches() || name.startsWith("..")) {
            return bad("file: the file name must be a plain name without path parts");
        }
        byte[] content;
        try (InputStream in = file.getContent()) {
            content = in.readNBytes((int) MAX_BYTES + 1);
        }
        if (content.length == 0) {
            return bad("file: the file is empty");
        }
        if (content.length > MAX_BYTES) {
            return bad(TOO_LARGE);
        }
        var type = PermanentImage.contentType(content);
        if (type.isEmpty()) {
            return bad("file: not an image (bmp, png, jpeg or gif, judged by its content)");
        }
        // WeChat judges by the name too: the name is made to say what the content is
        int dot = name.lastIndexOf('.');
        String filename = (dot > 0 ? name.substring(0, dot) : name) + "." + PermanentImage.extension(type.get());
        try {
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
        }
    }

    private static Response bad(String message) {
        return ErrorMappers.error(Response.Status.BAD_REQUEST, message);
    }

    /**
     * Before the upload is parsed: one that says it is longer than the limit is refused unread; the
     * others are read through a stream that fails past the limit, so the parser never takes in more.
     */
    @Provider
    public static class UploadLimit implements ContainerRequestFilter {

        @Context
        ResourceInfo resource;

        @Override
        public void filter(ContainerRequestContext request) {
            if (resource == null || resource.getResourceClass() != ImagesResource.class) {
                return;
            }
            if (request.getLength() > MAX_REQUEST) {
                request.abortWith(bad(TOO_LARGE));
                return;
            }
            request.setEntityStream(new Limited(request.getEntityStream(), MAX_REQUEST));
        }
    }

    /** Fails with {@link IllegalArgumentException} (answered 400) once more than the limit was read. */
    static final class Limited extends FilterInputStream {
        private long left;

        Limited(InputStream in, long limit) {
            super(in);
            this.left = limit;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                take(1);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, (int) Math.min(len, Math.max(1, left + 1)));
            if (n > 0) {
                take(n);
            }
            return n;
        }

        private void take(long n) {
            left -= n;
            if (left < 0) {
                throw new IllegalArgumentException(TOO_LARGE);
            }
        }
    }
}
