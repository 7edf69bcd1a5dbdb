package org.wxplatform.business.query;

/** The carrier queries the catalog can name (its {@code action} for kind QUERY). */
public enum QueryKind {
    BILL_DAILY("今日账单"),
    BILL_MONTHLY("本月账单"),
    DATA_USAGE("流量使用"),
    PACKAGE_REMAINING("套餐余量"),
    POINTS("积分");

    private final String title;

    QueryKind(String title) {
        this.title = title;
    }

    public String title() {
        return title;
    }
}
