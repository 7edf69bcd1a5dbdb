package org.wxplatform.message.xml;

/**
 * Hands the message over to WeChat's customer-service system ({@code transfer_customer_service}).
 *
 * @param kfAccount a specific agent account ({@code name@account}), or null for any available agent
 */
public record TransferCustomerService(String kfAccount) implements Reply {

    public TransferCustomerService {
        kfAccount = Checks.optional(kfAccount);
    }

    /** Transfer to any available agent. */
    public static TransferCustomerService anyAgent() {
        return new TransferCustomerService(null);
    }
}
