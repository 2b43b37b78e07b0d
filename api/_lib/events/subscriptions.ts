// The in-process subscribers of domain events (subscribers.ts), registered by importing their modules here.
// outbox.ts imports this file, so every function, sweep and test that dispatches events has them all. Keep
// each module light at import (subscribe, then load the work lazily): every function's cold start loads it.
import '../assistant/subscriber.js';
import '../notifications/producers.js';
