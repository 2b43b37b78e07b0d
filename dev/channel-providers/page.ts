// The simulator page at /_dev/channels: plain HTML and a little script. Pick a connected channel (or name a
// TikTok channel by id), write as a customer (with a small sample image if asked), and see the conversation: the customer's messages with the app's
// answer to each delivery, and what the business sent back through the provider.
export function simulatorPage(): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Channel simulator · Switchboard (local)</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{font:14px/1.45 system-ui,sans-serif;margin:0;background:#f6f7f9;color:#1b1f24}
main{max-width:760px;margin:0 auto;padding:24px}
h1{font-size:20px;margin:0 0 4px}p.note{color:#555;margin:0 0 16px}
form{display:grid;gap:8px;background:#fff;border:1px solid #d8dce1;border-radius:8px;padding:16px}
label{display:grid;gap:4px;font-weight:600}
input,select,textarea,button{font:inherit;padding:6px 8px;border:1px solid #b9c0c8;border-radius:6px}
button{background:#1f5fd6;color:#fff;border-color:#1f5fd6;cursor:pointer;justify-self:start}
.row{display:grid;grid-template-columns:1fr 1fr;gap:8px}
#thread{margin-top:16px;display:grid;gap:6px}
.msg{max-width:75%;padding:8px 10px;border-radius:10px;white-space:pre-wrap;word-break:break-word}
.customer{background:#fff;border:1px solid #d8dce1;justify-self:start}
.business{background:#1f5fd6;color:#fff;justify-self:end}
.meta{font-size:12px;opacity:.75;display:block}
#status{min-height:1.4em;color:#555}
</style></head><body><main>
<h1>Channel simulator</h1>
<p class="note">Write as a customer of a connected channel: the stand-in posts a signed webhook to the app, as the provider would. Replies sent from the inbox appear here.</p>
<form id="send">
  <label>Channel <select id="channel" required></select></label>
  <label>…or a TikTok channel id <input id="tiktok" placeholder="uuid of a TikTok channel" autocomplete="off"></label>
  <div class="row"><label>Customer id <input id="senderId" value="customer-1"></label><label>Customer name <input id="senderName" value="Ada Customer"></label></div>
  <label>Message <textarea id="text" rows="2"></textarea></label>
  <label style="display:flex;gap:6px;align-items:center;font-weight:400"><input type="checkbox" id="image"> Attach an image (a small sample PNG)</label>
  <button type="submit">Send as customer</button>
  <div id="status" role="status" aria-live="polite"></div>
</form>
<section id="thread" aria-label="Conversation"></section>
</main>
<script>
const $ = (id) => document.getElementById(id);
let state = { channels: [], sent: [], customer: [] };
function esc(s){return String(s).replace(/[&<>"]/g,(c)=>({'&':'&amp;','<':'&lt;','>':'&gt;','"':'&quot;'}[c]))}
async function refresh(){
  const r = await fetch(location.pathname.replace(/\\/$/,'') + '.json', {cache:'no-store'});
  state = await r.json();
  const sel = $('channel'); const cur = sel.value;
  sel.innerHTML = state.channels.length ? state.channels.map((c)=>'<option value="'+esc(c.channelId)+'" data-type="'+esc(c.provider)+'">'+esc(c.label)+' · '+esc(c.channelId.slice(0,8))+'</option>').join('') : '<option value="">No connected channel yet</option>';
  if (cur) sel.value = cur;
  render();
}
function render(){
  const id = $('tiktok').value.trim() || $('channel').value;
  const sender = $('senderId').value.trim();
  const ch = state.channels.find((c)=>c.channelId===id);
  const mine = state.customer.filter((m)=>m.channelId===id && m.sender===sender).map((m)=>({who:'customer',text:m.text,at:m.at,note:'app answered '+m.status}));
  const to = new Set(state.customer.filter((m)=>m.channelId===id && m.sender===sender).map((m)=>m.recipient));
  const replies = state.sent.filter((m)=>ch && m.provider===ch.provider && (to.has(m.recipient) || m.recipient===sender || m.recipient==='conv_'+sender || m.recipient.endsWith(sender))).map((m)=>({who:'business',text:m.text,at:m.at,note:'sent'}));
  const all = mine.concat(replies).sort((a,b)=>a.at<b.at?-1:1);
  $('thread').innerHTML = all.map((m)=>'<div class="msg '+m.who+'">'+esc(m.text)+'<span class="meta">'+esc(new Date(m.at).toLocaleTimeString())+' · '+esc(m.note)+'</span></div>').join('') || '<p class="note">No messages yet.</p>';
}
$('send').addEventListener('submit', async (e)=>{
  e.preventDefault();
  const tiktok = $('tiktok').value.trim();
  const body = { channelId: tiktok || $('channel').value, type: tiktok ? 'tiktok' : undefined, senderId: $('senderId').value.trim(), senderName: $('senderName').value.trim(), text: $('text').value, image: $('image').checked };
  if (!body.text && !body.image) { $('status').textContent = 'Write a message or attach an image'; return; }
  const r = await fetch(location.pathname.replace(/\\/$/,'') + '/send', {method:'POST',headers:{'content-type':'application/json'},body:JSON.stringify(body)});
  const answer = await r.json();
  $('status').textContent = r.ok ? 'Delivered to the app (HTTP ' + answer.status + ')' : 'Not sent: ' + answer.error;
  if (r.ok) { $('text').value = ''; $('image').checked = false; }
  refresh();
});
for (const id of ['channel','senderId','tiktok']) $(id).addEventListener('input', render);
refresh(); setInterval(refresh, 1500);
</script></body></html>`;
}
