package org.wxplatform.business.binding;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Where bindings are kept: one current binding per account and openid, ended ones kept as history. */
public interface BindingRepository {

    /** How a binding came to be or ended; stored with the row for operators. */
    enum Channel {
        WECHAT,
        H5
    }

    Optional<Binding> current(String appid, String openid);

    /** The current bindings of the account among {@code phones} (canonical form): phone → openid. */
    Map<String, String> currentByPhones(String appid, Collection<String> phones);

    /**
     * Makes {@code phone} the current binding of {@code openid}. A current binding of the same openid is
     * ended first (reason {@code REPLACED}), and so is a current binding of the same phone by another openid
     * of the account (reason {@code REBOUND}: the SMS code proved the number belongs to the new one).
     *
     * @return the openids whose current binding this ended or changed (the new one included)
     */
    List<String> bind(String appid, String openid, String phone, Channel channel);

    /** Ends the current binding of {@code openid}; empty when there was none. */
    Optional<Binding> unbind(String appid, String openid, Channel channel);
}
