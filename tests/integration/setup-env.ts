// Points lib/env at the run's own database and queue prefix before any test module loads.
import { inject } from "vitest";

process.env.DATABASE_URL = inject("databaseUrl");
process.env.REDIS_URL = inject("redisUrl");
process.env.QUEUE_PREFIX = inject("queuePrefix");
process.env.LOG_LEVEL ??= "warn";
