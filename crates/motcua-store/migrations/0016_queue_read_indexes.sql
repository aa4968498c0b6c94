-- The queue host decides from the day's queue it holds in memory (motcua-queue's today.rs),
-- loaded from the day's tickets in issue order (queue_day_order). These four indexes served
-- the reads it no longer makes, and every ticket the hub writes (two per call) moved its
-- entries in each of them.
DROP INDEX queue_waiting;
DROP INDEX queue_waiting_for_counter;
DROP INDEX queue_at_counter;
DROP INDEX queue_finished;
