// Facebook Messenger channels: deliveries signed with the app secret (X-Hub-Signature-256 over the raw body),
// the hub.challenge handshake, redeliveries and concurrent first messages stored once, replies through the
// Graph API stand-in with receipts moving their delivery (tests/support/channel-suite.ts). Instagram and
// WhatsApp: channel-instagram.test.ts, channel-whatsapp.test.ts; the adapter alone: channel-meta-adapter.test.ts.
import { providerSuite } from '../support/channel-suite.js';
import { metaCase } from '../support/channel-meta.js';

providerSuite(metaCase('facebook'));
