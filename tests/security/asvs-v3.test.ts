// OWASP ASVS 4.0 V3 Session management, one test per requirement row (tests/security/asvs/v3-sessions.ts).
import { v3 } from './asvs/v3-sessions.js';
import { runChapter, useSecurityApp } from './support.js';

useSecurityApp({ trustProxy: '1' });
runChapter(v3);
