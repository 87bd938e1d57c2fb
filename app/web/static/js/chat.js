// The chat component: send a message, stream the prospect's reply word by word (SSE over
// fetch + ReadableStream), count turns and time, and show a plain error with a Retry button.
// Configuration comes from data- attributes on [data-chat] because the CSP forbids inline script.
(function () {
  "use strict";

  var root = document.querySelector("[data-chat]");
  if (!root) return;

  var messages = root.querySelector("[data-messages]");
  var form = root.querySelector("[data-composer]");
  var input = form ? form.querySelector("textarea") : null;
  var sendButton = form ? form.querySelector("[type=submit]") : null;
  var banner = root.querySelector("[data-error]");
  var bannerText = banner ? banner.querySelector("[data-error-text]") : null;
  var retryButton = root.querySelector("[data-retry]");
  var turnsLeftEl = root.querySelector("[data-turns-left]");
  var timerEl = root.querySelector("[data-timer]");
  var endedEl = root.querySelector("[data-ended]");
  var status = root.querySelector("[data-status]");

  var sendUrl = root.getAttribute("data-send-url");
  var replyUrl = root.getAttribute("data-reply-url");
  var prospectName = root.getAttribute("data-prospect-name") || "Prospect";
  var youLabel = root.getAttribute("data-you-label") || "You";
  // The texts in the interview's language (languages/<code>/texts.yaml, pages.chat).
  var texts = JSON.parse(root.getAttribute("data-texts") || "{}");
  function say(key, fallback) {
    return texts[key] || fallback;
  }
  var turnsLeft = parseInt(root.getAttribute("data-turns") || "0", 10);
  var startedAt = Date.parse(root.getAttribute("data-started-at") || "");
  var limitSeconds = parseInt(root.getAttribute("data-minutes") || "0", 10) * 60;
  var csrfMeta = document.querySelector('meta[name="csrf-token"]');
  var csrf = csrfMeta ? csrfMeta.getAttribute("content") : "";
  var busy = false;
  var unsent = { text: null, id: null };  // a failed send keeps its id, so a resend stores once
  var retry = function () {};  // what the error banner's Retry button does (set with the error)

  // A fresh id per message, so a resent request is stored once.
  function newId() {
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) {
      return (b < 16 ? "0" : "") + b.toString(16);
    }).join("");
  }

  function scrollToEnd() {
    messages.scrollTop = messages.scrollHeight;
    // On a phone the page scrolls, not the list: bring the newest line (with the message box
    // under it, while there is one) into view when it lands below the fold.
    var anchor = form && !form.hidden ? form : messages.lastElementChild;
    if (anchor && anchor.getBoundingClientRect().bottom > window.innerHeight) {
      anchor.scrollIntoView({ block: "end" });
    }
  }

  function addMessage(speaker, text) {
    var li = document.createElement("li");
    li.className = "msg " + speaker;
    var who = document.createElement("span");
    who.className = "who";
    who.textContent = speaker === "candidate" ? youLabel : prospectName;
    var bubble = document.createElement("div");
    bubble.className = "bubble";
    bubble.textContent = text;
    li.appendChild(who);
    li.appendChild(bubble);
    messages.appendChild(li);
    scrollToEnd();
    return li;
  }

  function setBusy(value) {
    busy = value;
    if (sendButton) sendButton.disabled = value || turnsLeft <= 0;
    root.setAttribute("aria-busy", value ? "true" : "false");
  }

  function showError(text) {
    if (!banner) return;
    bannerText.textContent = text;
    banner.hidden = false;
    if (retryButton) retryButton.focus();
  }

  function hideError() {
    if (banner) banner.hidden = true;
  }

  function updateTurns() {
    if (turnsLeftEl) turnsLeftEl.textContent = String(Math.max(turnsLeft, 0));
    if (turnsLeft <= 0 && input) {
      input.disabled = true;
      input.placeholder = say("no_turns", "No turns left: end the call when you are ready.");
    }
  }

  function endCall(reason) {
    if (form) form.hidden = true;
    var endForm = root.querySelector("[data-end-form]");
    if (endForm) endForm.hidden = true;
    if (endedEl) {
      endedEl.hidden = false;
      var why = endedEl.querySelector("[data-ended-text]");
      if (why && reason) why.textContent = reason;
      var next = endedEl.querySelector("button, a");
      if (next) next.focus();
    }
  }

  // Parses one SSE block ("event: x\ndata: y") into {event, data}.
  function parseEvent(block) {
    var event = "message";
    var data = [];
    block.split("\n").forEach(function (line) {
      if (line.indexOf("event:") === 0) event = line.slice(6).trim();
      else if (line.indexOf("data:") === 0) data.push(line.slice(5).replace(/^ /, ""));
    });
    var raw = data.join("\n");
    var parsed = raw;
    try { parsed = JSON.parse(raw); } catch (e) { parsed = raw; }
    return { event: event, data: parsed };
  }

  function textOf(data) {
    if (typeof data === "string") return data;
    if (data && typeof data === "object") return data.text || data.delta || data.token || "";
    return "";
  }

  var dropped = say("dropped", "The connection dropped before the prospect replied.");

  // Three dots while the prospect is "typing"; the first word of the reply replaces them.
  function showTyping(bubble) {
    bubble.textContent = "";
    var dots = document.createElement("span");
    dots.className = "typing";
    dots.setAttribute("aria-hidden", "true");
    for (var i = 0; i < 3; i++) dots.appendChild(document.createElement("span"));
    bubble.appendChild(dots);
  }

  // A prospect bubble that shows the prospect typing, then the reply as it streams in.
  function pendingReply() {
    var pending = addMessage("prospect", "");
    pending.classList.add("pending");
    showTyping(pending.querySelector(".bubble"));
    if (status) status.textContent = say("typing", "{name} is typing").replace("{name}", prospectName);
    return pending;
  }

  // Reads a reply's Server-Sent Events (from /say or /reply) into the pending bubble;
  // onStored runs at the `message` event (the candidate's message is saved).
  // Resolves to {failed: text or null, ended: whether the prospect ended the call}.
  async function readReply(response, pending, onStored) {
    var bubble = pending.querySelector(".bubble");
    var reader = response.body.getReader();
    var decoder = new TextDecoder();
    var buffer = "";
    for (;;) {
      var chunk = await reader.read();
      if (chunk.done) return { failed: dropped, ended: false };
      buffer += decoder.decode(chunk.value, { stream: true }).replace(/\r\n/g, "\n");
      var cut;
      while ((cut = buffer.indexOf("\n\n")) >= 0) {
        var evt = parseEvent(buffer.slice(0, cut));
        buffer = buffer.slice(cut + 2);
        if (evt.event === "message") {
          onStored();
        } else if (evt.event === "error") {
          return { failed: (evt.data && evt.data.detail) || say("failed", "The prospect could not reply."), ended: false };
        } else if (evt.event === "restart") {
          showTyping(bubble);
        } else if (evt.event === "done") {
          var turn = evt.data && evt.data.turn;
          if (turn && turn.text) bubble.textContent = turn.text;
          if (!bubble.textContent) return { failed: say("empty", "The prospect's reply was empty."), ended: false };
          return { failed: null, ended: !!(evt.data && evt.data.round_over) };
        } else {
          bubble.textContent += textOf(evt.data);
          scrollToEnd();
        }
      }
    }
  }

  // Shows how a reply ended: the finished bubble, or the error with Retry (asking again).
  function finishReply(pending, outcome) {
    pending.classList.remove("pending");
    if (outcome.failed) {
      pending.remove();
      if (status) status.textContent = "";
      retry = streamReply;
      showError(outcome.failed + " Your message is saved. Try again.");
      setBusy(false);
      if (sendButton) sendButton.disabled = true;
      return;
    }
    if (status) status.textContent = prospectName + ": " + pending.querySelector(".bubble").textContent;
    setBusy(false);
    if (outcome.ended) {
      endCall(prospectName + " has ended the call.");
    } else if (input && !input.disabled) {
      input.focus();
    }
  }

  // Asks for the reply to a saved message (Retry, or a page opened while one was due).
  async function streamReply() {
    hideError();
    setBusy(true);
    var pending = pendingReply();
    var outcome;
    try {
      var response = await fetch(replyUrl, {
        method: "POST",
        headers: { "Accept": "text/event-stream", "X-CSRF-Token": csrf },
        credentials: "same-origin",
      });
      if (!response.ok || !response.body) throw new Error("status " + response.status);
      outcome = await readReply(response, pending, function () {});
    } catch (err) {
      outcome = { failed: dropped, ended: false };
    }
    finishReply(pending, outcome);
  }

  // The message goes back in the box with the reason; Retry sends it again (with the same
  // id, so a message the server did store is not stored twice).
  function keepUnsent(mine, text, id, detail) {
    mine.remove();
    unsent = { text: text, id: id };
    input.value = text;
    input.dispatchEvent(new Event("input"));  // the counter follows
    retry = function () { form.requestSubmit(); };
    showError(detail);
    setBusy(false);
  }

  // Sends a message and reads the prospect's reply in the same request (POST /say).
  async function send(text) {
    hideError();
    setBusy(true);
    var id = text === unsent.text ? unsent.id : newId();
    var mine = addMessage("candidate", text);
    input.value = "";
    input.dispatchEvent(new Event("input"));  // the counter follows
    var response;
    try {
      response = await fetch(sendUrl, {
        method: "POST",
        headers: {
          "Content-Type": "application/json",
          "Accept": "text/event-stream",
          "X-CSRF-Token": csrf,
        },
        credentials: "same-origin",
        body: JSON.stringify({ text: text, client_message_id: id }),
      });
    } catch (err) {
      response = null;
    }
    var unknown = say("maybe_not_sent", "The connection dropped: your message may not have been sent.");
    if (!response || !response.ok || !response.body) {
      var detail = response ? say("not_sent", "Your message could not be sent.") : unknown;
      var code = "";
      if (response) {
        try {
          var body = await response.json();
          if (body && body.detail) detail = body.detail;
          if (body && body.error) code = body.error;
        } catch (e) { /* keep the generic text */ }
      }
      if (code === "round-over" || code === "wrong-step") {
        mine.remove();
        setBusy(false);
        endCall(detail);
        return;
      }
      keepUnsent(mine, text, id, detail);
      return;
    }
    var stored = false;
    var pending = pendingReply();
    var outcome;
    try {
      outcome = await readReply(response, pending, function () {
        stored = true;
        unsent = { text: null, id: null };
        turnsLeft -= 1;
        updateTurns();
      });
    } catch (err) {
      outcome = { failed: dropped, ended: false };
    }
    if (!stored) {
      pending.remove();
      keepUnsent(mine, text, id, unknown);
      return;
    }
    finishReply(pending, outcome);
  }

  if (form) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var text = input.value.trim();
      if (!text || busy || turnsLeft <= 0) return;
      send(text);
    });
    // Enter sends; Shift+Enter makes a new line; composing (IME) text is left alone.
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        form.requestSubmit();
      }
    });
  }

  if (retryButton) {
    retryButton.addEventListener("click", function () {
      if (!busy) retry();
    });
  }

  function tick() {
    if (!timerEl || isNaN(startedAt)) return;
    var elapsed = Math.max(0, Math.floor((Date.now() - startedAt) / 1000));
    var mm = Math.floor(elapsed / 60);
    var ss = elapsed % 60;
    timerEl.textContent = mm + ":" + (ss < 10 ? "0" : "") + ss;
    if (limitSeconds && elapsed >= limitSeconds) {
      timerEl.parentElement.classList.add("warn");
    }
  }

  updateTurns();
  tick();
  setInterval(tick, 1000);
  scrollToEnd();
  // Keys typed before this point would not be sent: tests (and assistive tools) can wait for it.
  root.setAttribute("data-ready", "true");
  if (root.getAttribute("data-awaiting-reply") === "true") {
    streamReply();
  } else if (root.getAttribute("data-call-ended") === "true") {
    endCall();
  } else if (input && !input.disabled) {
    input.focus();
  }
})();
