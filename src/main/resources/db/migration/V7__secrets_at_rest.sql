-- Account secrets sealed at rest (platform.secret.SecretBox): room for "s1:<key id>:<base64>".
ALTER TABLE wx_account
    MODIFY secret  VARCHAR(255) NOT NULL,
    MODIFY token   VARCHAR(255) NOT NULL,
    MODIFY aes_key VARCHAR(255) NULL;
