// OWASP ASVS 4.0 V13: the client address with TRUST_PROXY unset (tests/security/asvs/v13-direct.ts).
import { v13Direct } from './asvs/v13-direct.js';
import { runChapter, useSecurityApp } from './support.js';

useSecurityApp({ trustProxy: undefined });
runChapter(v13Direct);
