package org.wxplatform.it.cs;

import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.wxplatform.customerservice.agent.QuestionAsked;

/**
 * Deployed only with the records tests: fires {@link QuestionAsked} in the server exactly as the chat
 * sessions fire it for a subscriber's text, so that the statistics' real observer counts it. {@code POST
 * /it/questions} with the form fields appid, openid, text, createTime (epoch seconds); answers 204.
 */
@WebServlet("/it/questions")
public class QuestionSeed extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Inject
    Event<QuestionAsked> asked;

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        request.setCharacterEncoding("UTF-8");
        String appid = request.getParameter("appid");
        String openid = request.getParameter("openid");
        String text = request.getParameter("text");
        String createTime = request.getParameter("createTime");
        if (appid == null || openid == null || text == null || createTime == null) {
            response.sendError(400, "appid, openid, text and createTime are required");
            return;
        }
        asked.fire(new QuestionAsked(appid, openid, text, Long.parseLong(createTime)));
        response.setStatus(204);
    }
}
