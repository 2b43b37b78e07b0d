// The widget's styles, inside its shadow root. `:host` declarations are !important so a host page's rules
// cannot move or hide the widget; nothing inside can be reached from outside. BRAND is the channel's colour,
// darkened until white text on it reads at 4.5:1 or better (main.ts). Every text colour here meets 4.5:1 on
// its background.
export const CSS = `
:host{all:initial!important;position:fixed!important;right:20px!important;bottom:20px!important;z-index:2147483000!important;display:block!important;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif!important;color:#111827!important}
*{box-sizing:border-box;font:inherit}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
button{cursor:pointer;border:0}
:focus-visible{outline:3px solid #111827;outline-offset:2px}
.launcher{display:flex;align-items:center;justify-content:center;width:56px;height:56px;border-radius:50%;background:BRAND;color:#fff;box-shadow:0 4px 14px rgba(0,0,0,.25);margin-left:auto}
.panel{position:absolute;right:0;bottom:72px;width:min(370px,calc(100vw - 40px));height:min(560px,calc(100vh - 120px));display:flex;flex-direction:column;background:#fff;border-radius:14px;box-shadow:0 10px 40px rgba(0,0,0,.25);overflow:hidden}
.panel[hidden]{display:none}
.head{display:flex;align-items:flex-start;justify-content:space-between;gap:8px;padding:14px 16px;background:BRAND;color:#fff}
.head h2{margin:0;font-size:17px;font-weight:600}
.head p{margin:2px 0 0;font-size:13px}
.close{background:transparent;color:#fff;font-size:26px;line-height:1;width:36px;height:36px;border-radius:8px}
.close:focus-visible{outline-color:#fff}
.body{flex:1;display:flex;flex-direction:column;min-height:0;padding:12px 14px;gap:8px}
.greeting{margin:0;color:#374151}
.log{flex:1;overflow-y:auto;display:flex;flex-direction:column;gap:8px;padding:2px}
.msg{max-width:85%;padding:8px 12px;border-radius:14px;white-space:pre-wrap;overflow-wrap:anywhere}
.msg p{margin:0}
.msg a{display:block;color:inherit;text-decoration:underline}
.who{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
.me{align-self:flex-end;background:BRAND;color:#fff;border-bottom-right-radius:4px}
.them{align-self:flex-start;background:#f3f4f6;color:#111827;border-bottom-left-radius:4px}
.typing,.status{margin:0;font-size:13px;color:#4b5563;min-height:0}
.status{color:#b91c1c}
.typing:empty,.status:empty{display:none}
form{display:flex;flex-direction:column;gap:6px}
form p{margin:0;color:#374151}
label{font-size:13px;font-weight:600;color:#111827}
textarea,input{width:100%;padding:8px 10px;border:1px solid #6b7280;border-radius:8px;background:#fff;color:#111827;resize:none}
.composer{flex-direction:row;align-items:flex-end}
.send{padding:9px 14px;border-radius:8px;background:BRAND;color:#fff;font-weight:600}
`;
