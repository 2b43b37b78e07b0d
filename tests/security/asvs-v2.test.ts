// OWASP ASVS 4.0 V2 Authentication, one test per requirement row (tests/security/asvs/v2-authentication.ts).
import { v2 } from './asvs/v2-authentication.js';
import { runChapter, useSecurityApp } from './support.js';

useSecurityApp({ trustProxy: '1' });
runChapter(v2);
