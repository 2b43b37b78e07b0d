// WhatsApp Cloud API channels: the Meta suite of channel-meta.test.ts, with WhatsApp's own delivery shape
// (entry[].changes[].value.messages[] and .statuses[]).
import { providerSuite } from '../support/channel-suite.js';
import { metaCase } from '../support/channel-meta.js';

providerSuite(metaCase('whatsapp'));
