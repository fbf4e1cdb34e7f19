// "Læs op": reads the page's main content aloud in Danish with the browser's speech synthesis.
// No inline script (CSP): the component public/_read_aloud.html carries the labels as data
// attributes. Without window.speechSynthesis the component stays hidden.
(function () {
  "use strict";

  function sentences(text) {
    // One utterance per sentence: some engines stop on a long utterance, and stop/pause act sooner.
    var parts = text.replace(/\s+/g, " ").match(/[^.!?]+[.!?]*/g) || [];
    return parts.map(function (s) { return s.trim(); }).filter(Boolean);
  }

  function danishVoice(synth) {
    var voices = synth.getVoices ? synth.getVoices() : [];
    for (var i = 0; i < voices.length; i++) {
      if ((voices[i].lang || "").toLowerCase().indexOf("da") === 0) return voices[i];
    }
    return null;
  }

  function readableText(source, widget) {
    var copy = source.cloneNode(true);
    // Leave out the buttons themselves, the breadcrumbs and anything hidden from readers.
    copy.querySelectorAll("[data-read-aloud], nav, script, [aria-hidden='true'], .sr-only-skip")
      .forEach(function (el) { el.remove(); });
    return copy.textContent || "";
  }

  function setup(widget) {
    var synth = window.speechSynthesis;
    if (!synth || typeof window.SpeechSynthesisUtterance !== "function") return;
    var source = document.querySelector(widget.getAttribute("data-read-aloud-source") || "main");
    if (!source) return;
    var play = widget.querySelector("[data-read-aloud-play]");
    var pause = widget.querySelector("[data-read-aloud-pause]");
    var stop = widget.querySelector("[data-read-aloud-stop]");
    var paused = false;

    function idle() {
      pause.hidden = true;
      stop.hidden = true;
      play.hidden = false;
      paused = false;
      pause.textContent = widget.getAttribute("data-label-pause");
    }

    play.addEventListener("click", function () {
      synth.cancel();
      var voice = danishVoice(synth);
      var parts = sentences(readableText(source, widget));
      parts.forEach(function (part, index) {
        var utterance = new window.SpeechSynthesisUtterance(part);
        utterance.lang = "da-DK";
        if (voice) utterance.voice = voice;
        if (index === parts.length - 1) utterance.onend = idle;
        synth.speak(utterance);
      });
      if (!parts.length) return;
      play.hidden = true;
      pause.hidden = false;
      stop.hidden = false;
      pause.focus();
    });
    pause.addEventListener("click", function () {
      if (paused) {
        synth.resume();
        pause.textContent = widget.getAttribute("data-label-pause");
      } else {
        synth.pause();
        pause.textContent = widget.getAttribute("data-label-resume");
      }
      paused = !paused;
    });
    stop.addEventListener("click", function () {
      synth.cancel();
      idle();
      play.focus();
    });
    widget.hidden = false;
  }

  function init() {
    document.querySelectorAll("[data-read-aloud]").forEach(setup);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
