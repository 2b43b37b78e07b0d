// OWASP ASVS 4.0 V13 API (and the V14 headers it relies on), one test per requirement row
// (tests/security/asvs/v13-api.ts). TRUST_PROXY=1, as behind one proxy.
import { v13 } from './asvs/v13-api.js';
import { runChapter, useSecurityApp } from './support.js';

useSecurityApp({ trustProxy: '1' });
runChapter(v13);
