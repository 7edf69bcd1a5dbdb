package org.wxplatform.admin.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.credential.Credential;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStore;
import java.util.Set;

/** Validates admin credentials against the admin_user table. */
@ApplicationScoped
public class AdminIdentityStore implements IdentityStore {

    @Inject
    AdminUserService users;

    @Override
    public CredentialValidationResult validate(Credential credential) {
        if (!(credential instanceof UsernamePasswordCredential up)) {
            return CredentialValidationResult.NOT_VALIDATED_RESULT;
        }
        return users.check(up.getCaller(), up.getPassword().getValue())
                .map(u -> new CredentialValidationResult(
                        u.getUsername(), Set.of(u.getRole().name())))
                .orElse(CredentialValidationResult.INVALID_RESULT);
    }
}
