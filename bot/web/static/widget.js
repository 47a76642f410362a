/*
 * Job-role assistant chat widget: plain JavaScript, no framework, no build step.
 *
 * Embed on any page:
 *   <script src="https://example.org/widget.js" data-server-url="https://assistant.example.org" async></script>
 * Optional attributes: data-title, data-role (a role slug: the page is about that role), data-role-title (its
 * title, for the opening offer), data-open="true" (open on load).
 *
 * It talks to Rasa's REST channel with fetch; the page's role travels as message metadata (page_role). Its
 * opening message comes, as data, from widget-offer.json next to widget.js (the assistant's own texts).
 * Bot text is always inserted as text, never as HTML.
 */
(function (root) {
  "use strict";

  var URL_PATTERN = /\bhttps?:\/\/[^\s<>"')\]]+[^\s<>"')\].,;:!?]/g;
  /** Split text into plain and link segments; only http(s) links become links. */
  function linkify(text) {
    var segments = [];
    var last = 0;
    String(text).replace(URL_PATTERN, function (url, offset) {
      if (offset > last) segments.push({ type: "text", text: text.slice(last, offset) });
      segments.push({ type: "link", text: url, href: url });
      last = offset + url.length;
      return url;
    });
    if (last < text.length) segments.push({ type: "text", text: text.slice(last) });
    return segments;
  }

  /** The JSON body of one REST-channel request. */
  function requestBody(sender, message, pageRole) {
    var body = { sender: sender, message: message };
    if (pageRole) body.metadata = { page_role: pageRole };
    return body;
  }

  /** Rasa's REST reply as the widget's messages: text and buttons (title, payload). */
  function botMessages(payload) {
    var out = [];
    (Array.isArray(payload) ? payload : []).forEach(function (item) {
      var buttons = (item.buttons || []).map(function (b) {
        return { title: String(b.title || ""), payload: String(b.payload || b.title || "") };
      });
      if (item.text || buttons.length) out.push({ from: "bot", text: String(item.text || ""), buttons: buttons });
    });
    return out;
  }

  function storageKey(serverUrl) {
    return "role-assistant:v1:" + serverUrl;
  }

  function newSenderId() {
    var random = Math.random().toString(36).slice(2, 10) + Date.now().toString(36);
    return "web-" + random;
  }

  /** Where the opening message comes from: the assistant's site, next to widget.js (texts live there once). */
  function offerUrl(base, role, roleTitle) {
    if (!role) return base + "widget-offer.json";
    return base + "widget-offer.json?role=" + encodeURIComponent(role) + "&title=" + encodeURIComponent(roleTitle || "");
  }

  var pure = {
    linkify: linkify, requestBody: requestBody, botMessages: botMessages, storageKey: storageKey,
    offerUrl: offerUrl, newSenderId: newSenderId,
  };
  if (typeof module === "object" && module.exports) {
    module.exports = pure;
    return;
  }

  // ---------------------------------------------------------------------------------------------------
  // In the browser.
  var script = document.currentScript || document.querySelector("script[data-server-url][src*='widget']");
  if (!script) return;
  var config = {
    serverUrl: (script.getAttribute("data-server-url") || "http://localhost:5005").replace(/\/+$/, ""),
    title: script.getAttribute("data-title") || "Job role assistant",
    role: script.getAttribute("data-role") || "",
    roleTitle: script.getAttribute("data-role-title") || "",
    open: script.getAttribute("data-open") === "true",
    timeoutMs: 20000,
  };
  var base = script.src.replace(/[^/]*$/, "");

  var state = load();
  var els = {};
  var busy = false;
  var pending = null; // the message waiting for a retry

  function load() {
    try {
      var saved = JSON.parse(localStorage.getItem(storageKey(config.serverUrl)) || "null");
      if (saved && saved.sender && Array.isArray(saved.messages)) return saved;
    } catch (e) { /* a broken entry starts a new conversation */ }
    return { sender: newSenderId(), messages: [], open: false };
  }

  function save() {
    try { localStorage.setItem(storageKey(config.serverUrl), JSON.stringify(state)); } catch (e) { /* full */ }
  }

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function build() {
    var css = el("link", { rel: "stylesheet", href: base + "widget.css" });
    document.head.appendChild(css);
    var wrap = el("div", { class: "ra-widget" });
    els.launcher = el("button", { type: "button", class: "ra-launcher", "aria-expanded": "false",
      "aria-controls": "ra-panel", "aria-label": "Open the " + config.title });
    els.launcher.appendChild(el("span", { "aria-hidden": "true" }, "💬"));
    els.panel = el("section", { id: "ra-panel", class: "ra-panel", role: "dialog", "aria-label": config.title,
      hidden: "" });
    var header = el("header", { class: "ra-header" });
    header.appendChild(el("h2", { class: "ra-title" }, config.title));
    els.reset = el("button", { type: "button", class: "ra-reset" }, "Start over");
    els.close = el("button", { type: "button", class: "ra-close", "aria-label": "Close the assistant" }, "×");
    header.appendChild(els.reset);
    header.appendChild(els.close);
    els.log = el("div", { class: "ra-log", role: "log", "aria-live": "polite", "aria-label": "Conversation" });
    els.status = el("div", { class: "ra-status", role: "alert", hidden: "" });
    els.statusText = el("span", {}, "Can't reach the assistant.");
    els.retry = el("button", { type: "button", class: "ra-retry" }, "Retry");
    els.status.appendChild(els.statusText);
    els.status.appendChild(els.retry);
    els.form = el("form", { class: "ra-form" });
    els.input = el("textarea", { class: "ra-input", rows: "1", "aria-label": "Type your question",
      placeholder: "Type your question…", maxlength: "1000" });
    els.send = el("button", { type: "submit", class: "ra-send" }, "Send");
    els.form.appendChild(els.input);
    els.form.appendChild(els.send);
    els.panel.appendChild(header);
    els.panel.appendChild(els.log);
    els.panel.appendChild(els.status);
    els.panel.appendChild(els.form);
    wrap.appendChild(els.launcher);
    wrap.appendChild(els.panel);
    document.body.appendChild(wrap);

    els.launcher.addEventListener("click", function () { setOpen(true); });
    els.close.addEventListener("click", function () { setOpen(false); });
    els.reset.addEventListener("click", startOver);
    els.retry.addEventListener("click", retry);
    els.panel.addEventListener("keydown", function (e) { if (e.key === "Escape") setOpen(false); });
    els.form.addEventListener("submit", function (e) { e.preventDefault(); submitTyped(); });
    els.input.addEventListener("keydown", function (e) {
      if (e.key === "Enter" && !e.shiftKey && !e.isComposing) { e.preventDefault(); submitTyped(); }
    });
    state.messages.forEach(render);
    setOpen(config.open || state.open, true);
  }

  function setOpen(open, initial) {
    state.open = open;
    save();
    els.panel.hidden = !open;
    els.launcher.hidden = open;
    els.launcher.setAttribute("aria-expanded", String(open));
    if (open) {
      if (!state.messages.length) offer();
      scrollDown();
      if (!initial || config.open) els.input.focus();
    } else if (!initial) {
      els.launcher.focus();
    }
  }

  /** The opening message, unless the person has already asked something by the time it arrives. */
  function offer() {
    fetch(offerUrl(base, config.role, config.roleTitle)).then(function (response) {
      if (!response.ok) throw new Error("HTTP " + response.status);
      return response.json();
    }).then(function (opening) {
      if (!state.messages.length) botMessages([opening]).forEach(add);
    }).catch(function () { /* no opening: the box still takes questions */ });
  }

  function time(ts) {
    var d = new Date(ts);
    return d.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
  }

  function render(msg) {
    var item = el("div", { class: "ra-msg ra-" + msg.from });
    var bubble = el("div", { class: "ra-bubble" });
    linkify(msg.text).forEach(function (seg) {
      if (seg.type === "link") {
        var a = el("a", { href: seg.href, target: "_blank", rel: "noopener noreferrer nofollow" }, seg.text);
        bubble.appendChild(a);
      } else {
        bubble.appendChild(document.createTextNode(seg.text));
      }
    });
    var stamp = el("time", { class: "ra-time", datetime: new Date(msg.ts).toISOString() }, time(msg.ts));
    item.setAttribute("title", (msg.from === "user" ? "You" : "Assistant") + ", " + time(msg.ts));
    item.appendChild(el("span", { class: "ra-visually-hidden" }, msg.from === "user" ? "You said: " : "Assistant: "));
    item.appendChild(bubble);
    item.appendChild(stamp);
    if (msg.buttons && msg.buttons.length) {
      var row = el("div", { class: "ra-buttons" });
      msg.buttons.forEach(function (b) {
        var button = el("button", { type: "button", class: "ra-quick" }, b.title);
        button.addEventListener("click", function () { send(b.payload, b.title); });
        row.appendChild(button);
      });
      item.appendChild(row);
    }
    els.log.appendChild(item);
    scrollDown();
  }

  function add(msg) {
    msg.ts = msg.ts || Date.now();
    state.messages.push(msg);
    if (state.messages.length > 200) state.messages = state.messages.slice(-200);
    save();
    render(msg);
  }

  function scrollDown() { els.log.scrollTop = els.log.scrollHeight; }

  function showTyping(on) {
    if (on && !els.typing) {
      els.typing = el("div", { class: "ra-msg ra-bot ra-typing", "aria-label": "The assistant is typing" });
      var dots = el("div", { class: "ra-bubble" });
      for (var i = 0; i < 3; i++) dots.appendChild(el("span", { class: "ra-dot", "aria-hidden": "true" }));
      els.typing.appendChild(dots);
      els.log.appendChild(els.typing);
      scrollDown();
    } else if (!on && els.typing) {
      els.typing.remove();
      els.typing = null;
    }
  }

  function setFailed(failed) {
    els.status.hidden = !failed;
    els.panel.classList.toggle("ra-failed", failed);
  }

  function submitTyped() {
    var text = els.input.value.trim();
    if (!text || busy) return;
    send(text, text);
  }

  /** Send a message; `again` is a retry of the failed one, which the panel already shows. */
  function send(message, shown, again) {
    if (busy) return;
    busy = true;
    els.send.disabled = true;
    setFailed(false);
    if (!again) add({ from: "user", text: shown });
    pending = { message: message, shown: shown };
    if (els.input.value.trim() === shown) els.input.value = "";
    showTyping(true);
    var controller = new AbortController();
    var timer = setTimeout(function () { controller.abort(); }, config.timeoutMs);
    fetch(config.serverUrl + "/webhooks/rest/webhook", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(requestBody(state.sender, message, config.role)),
      signal: controller.signal,
    }).then(function (response) {
      if (!response.ok) throw new Error("HTTP " + response.status);
      return response.json();
    }).then(function (payload) {
      pending = null;
      var replies = botMessages(payload);
      if (!replies.length) replies = [{ from: "bot", text: "Sorry, I have no answer to that. Could you rephrase?",
                                        buttons: [] }];
      replies.forEach(add);
    }).catch(function () {
      // Keep what the person typed, and offer a retry.
      if (pending && pending.message === pending.shown && !els.input.value) els.input.value = pending.shown;
      setFailed(true);
    }).then(function () {
      clearTimeout(timer);
      showTyping(false);
      busy = false;
      els.send.disabled = false;
    });
  }

  function retry() {
    if (!pending) return;
    if (els.input.value.trim() === pending.shown) els.input.value = "";
    send(pending.message, pending.shown, true);
  }

  function startOver() {
    var old = state.sender;
    fetch(config.serverUrl + "/webhooks/rest/webhook", {
      method: "POST", headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ sender: old, message: "/restart" }),
    }).catch(function () { /* a new sender id starts over anyway */ });
    state = { sender: newSenderId(), messages: [], open: true };
    pending = null;
    setFailed(false);
    els.log.textContent = "";
    save();
    offer();
    els.input.focus();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", build);
  else build();
})(this);
