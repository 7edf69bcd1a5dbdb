/**
 * The activity page (SPEC §5.1, §9.3): one page for the lottery, shake and red-packet-square modules,
 * behind web authorization; the draw is asked of {@code activity.ActivityService}.
 */
package org.wxplatform.h5.activity;
