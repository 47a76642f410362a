// Unit tests of the widget's pure functions, with Node's built-in test runner (run by tests/web/test_widget_unit.py).
const test = require("node:test");
const assert = require("node:assert/strict");
const widget = require("../../bot/web/static/widget.js");

test("linkify keeps text and makes only http(s) links", () => {
  assert.deepEqual(widget.linkify("see https://example.org/jobs. and javascript:alert(1)"), [
    { type: "text", text: "see " },
    { type: "link", text: "https://example.org/jobs", href: "https://example.org/jobs" },
    { type: "text", text: ". and javascript:alert(1)" },
  ]);
  assert.deepEqual(widget.linkify("<img src=x onerror=alert(1)>"), [{ type: "text", text: "<img src=x onerror=alert(1)>" }]);
});

test("requestBody carries the page's role as metadata only when there is one", () => {
  assert.deepEqual(widget.requestBody("web-1", "hi", ""), { sender: "web-1", message: "hi" });
  assert.deepEqual(widget.requestBody("web-1", "hi", "coo"), { sender: "web-1", message: "hi", metadata: { page_role: "coo" } });
});

test("botMessages keeps texts and buttons and drops empty items", () => {
  const out = widget.botMessages([{ text: "A", buttons: [{ title: "Tell me more", payload: "/ask_more" }] }, {}, { text: "B" }]);
  assert.deepEqual(out, [
    { from: "bot", text: "A", buttons: [{ title: "Tell me more", payload: "/ask_more" }] },
    { from: "bot", text: "B", buttons: [] },
  ]);
  assert.deepEqual(widget.botMessages(null), []);
});

test("the opening offer is asked of the site that serves the widget, with the page's role", () => {
  assert.equal(widget.offerUrl("https://a.example/", "", ""), "https://a.example/widget-offer.json");
  assert.equal(widget.offerUrl("/", "coo", "Chief Operating Officer"),
    "/widget-offer.json?role=coo&title=Chief%20Operating%20Officer");
});

test("sender ids are new each time", () => {
  assert.notEqual(widget.newSenderId(), widget.newSenderId());
  assert.match(widget.newSenderId(), /^web-/);
});
