package org.wxplatform.account.wechat;

/** errcode -1: WeChat's "system busy, try again later". */
public class BusyException extends WeChatApiException {

    private static final long serialVersionUID = 1L;

    public BusyException(String path, String errmsg) {
        super(path, -1, errmsg);
    }

    @Override
    public boolean transientFailure() {
        return true;
    }
}
