// Instagram channels (a professional account linked to a Facebook page): the Meta suite of channel-meta.test.ts.
import { providerSuite } from '../support/channel-suite.js';
import { metaCase } from '../support/channel-meta.js';

providerSuite(metaCase('instagram'));
