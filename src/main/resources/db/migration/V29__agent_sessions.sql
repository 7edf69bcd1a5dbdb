-- Human customer service (SPEC §4.2): a subscriber's chat with the agents, from asking for a human to
-- the close. Written only by customerservice.agent.
--
-- open_key is "appid openid" while the session is open (waiting or active) and NULL once closed: the
-- unique key allows one open session per subscriber however many nodes receive their messages at once.
CREATE TABLE cs_session (
    id             BIGINT        NOT NULL AUTO_INCREMENT,
    appid          VARCHAR(32)   NOT NULL,
    openid         VARCHAR(64)   NOT NULL,
    state          CHAR(1)       NOT NULL,            -- W waiting, A with an agent, C closed
    agent          VARCHAR(64)   NULL,                -- the canonical username of the serving agent
    entered_at     DATETIME(3)   NOT NULL,
    taken_at       DATETIME(3)   NULL,                -- first taken by an agent (the wait ends here)
    closed_at      DATETIME(3)   NULL,
    closed_by      VARCHAR(16)   NULL,                -- agent, user, idle
    last_user_at   DATETIME(3)   NOT NULL,
    last_agent_at  DATETIME(3)   NULL,
    busy_told_at   DATETIME(3)   NULL,                -- told the agents are busy (once per session)
    messages_in    INT           NOT NULL DEFAULT 0,
    messages_out   INT           NOT NULL DEFAULT 0,
    transfers      INT           NOT NULL DEFAULT 0,
    open_key       VARCHAR(100)  NULL,
    PRIMARY KEY (id),
    UNIQUE KEY uk_cs_session_open (open_key),
    KEY ix_cs_session_queue (appid, state, entered_at),
    KEY ix_cs_session_agent (agent, state),
    KEY ix_cs_session_user (appid, openid, id),
    KEY ix_cs_session_closed (closed_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Every message of a session, both ways, in the order the session saw them (id). source_key makes
-- each write idempotent: the inbound message's dedupe key (WeChat's retries), the agent page's own id
-- for an answer (a resent click), or the session and event for a notice.
CREATE TABLE cs_session_message (
    id           BIGINT         NOT NULL AUTO_INCREMENT,
    session_id   BIGINT         NOT NULL,
    direction    CHAR(1)        NOT NULL,             -- I from the subscriber, O from an agent, N notice to the subscriber, E event for the agents
    msg_type     VARCHAR(16)    NOT NULL,             -- text, image, voice, event
    content      VARCHAR(2048)  NOT NULL,
    media_id     VARCHAR(128)   NULL,
    agent        VARCHAR(64)    NULL,
    source_key   VARCHAR(190)   NOT NULL,
    created_at   DATETIME(3)    NOT NULL,
    delivery     CHAR(1)        NULL,                 -- for O: P pending, D delivered, U undeliverable, F failed
    error        VARCHAR(255)   NULL,
    PRIMARY KEY (id),
    UNIQUE KEY uk_cs_message_source (source_key),
    KEY ix_cs_message_session (session_id, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The agents' own settings; an agent without a row has the defaults.
CREATE TABLE cs_agent (
    username       VARCHAR(64)   NOT NULL,
    max_sessions   INT           NOT NULL,
    updated_at     DATETIME      NOT NULL,
    PRIMARY KEY (username)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
