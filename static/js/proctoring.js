// Proctoring in the browser (docs/modules.md#proctoring): the checks before a proctored exam (the extension's
// ping, camera and microphone, the identification photo, a rehearsal of sharing the entire screen) and, on the
// attempt page, the overlay that keeps the questions covered until the camera is on and the entire screen is
// shared, the heartbeats, the events and the beacon that ends the exam when the page is closed.
//
// Contract with the attempt page (static/js/attempt.js), events dispatched on `document`:
//   "proctoring:ready"   the camera and the entire screen are on for the first time: the questions may be used;
//   "proctoring:paused"  the camera or the screen share was lost: the server paused the attempt (answers refused);
//   "proctoring:resumed" back again: the server moved the deadline, detail {deadline, paused_seconds};
//                        attempt.js re-syncs its clock on it;
//   "proctoring:closed"  the server says the attempt is over (detail {status}).
(function () {
  "use strict";

  const PING = "cabinet-proctoring:ping";
  const PONG = "cabinet-proctoring:pong";
  const PING_WAIT_MS = 2000;
  const HEARTBEAT_MS = 15000;

  function msg(root, key) {
    const template = root.querySelector('template[data-msg="' + key + '"]');
    return template ? template.content.textContent.trim() : key;
  }

  function say(element, text, tone) {
    if (!element) return;
    element.textContent = text;
    element.classList.remove("text-success", "text-danger");
    if (tone) element.classList.add(tone === "ok" ? "text-success" : "text-danger");
  }

  function nonce() {
    if (window.crypto && window.crypto.randomUUID) return window.crypto.randomUUID();
    return String(Math.random()).slice(2) + String(Date.now());
  }

  function mediaError(error) {
    const name = error && error.name;
    if (name === "NotAllowedError" || name === "SecurityError" || name === "PermissionDeniedError") return "denied";
    if (name === "NotFoundError" || name === "OverconstrainedError" || name === "DevicesNotFoundError") return "nodevice";
    return "failed";
  }

  function live(stream, kind) {
    if (!stream) return false;
    const tracks = kind === "audio" ? stream.getAudioTracks() : stream.getVideoTracks();
    return tracks.some(function (t) { return t.readyState === "live" && t.enabled && !t.muted; });
  }

  // --- 1. the extension: any vendor's content script may answer the ping -------------------------------------
  function extensionCheck(section) {
    const status = section.querySelector("[data-extension-status]");
    const missing = section.querySelector("[data-extension-missing]");
    const value = section.querySelector("[data-extension-value]");
    const submit = section.querySelector("[data-extension-submit]");
    const token = nonce();
    let answered = false;
    function onMessage(event) {
      if (event.source !== window || event.origin !== window.location.origin) return;
      const data = event.data || {};
      if (data.type !== PONG || data.nonce !== token || answered) return;
      answered = true;
      const name = [String(data.vendor || "extension"), String(data.version || "")].join(" ").trim();
      value.value = name.slice(0, 100);
      say(status, msg(section, "found") + ": " + value.value, "ok");
      submit.disabled = false;
    }
    window.addEventListener("message", onMessage);
    window.postMessage({ type: PING, nonce: token }, window.location.origin);
    window.setTimeout(function () {
      if (answered) return;
      window.removeEventListener("message", onMessage);
      value.value = "";
      say(status, msg(section, "missing"), "bad");
      missing.classList.remove("d-none");
      submit.disabled = false;
    }, PING_WAIT_MS);
  }

  // --- 2. camera and microphone -------------------------------------------------------------------------------
  function levelMeter(stream, meter) {
    const AudioContext = window.AudioContext || window.webkitAudioContext;
    if (!AudioContext || !meter) return;
    const context = new AudioContext();
    const analyser = context.createAnalyser();
    analyser.fftSize = 512;
    context.createMediaStreamSource(stream).connect(analyser);
    const samples = new Uint8Array(analyser.fftSize);
    function draw() {
      analyser.getByteTimeDomainData(samples);
      let sum = 0;
      for (let i = 0; i < samples.length; i++) {
        const v = (samples[i] - 128) / 128;
        sum += v * v;
      }
      meter.value = Math.min(1, Math.sqrt(sum / samples.length) * 4);
      if (live(stream, "audio")) window.requestAnimationFrame(draw);
    }
    draw();
  }

  function devicesCheck(section) {
    const start = section.querySelector("[data-devices-start]");
    const status = section.querySelector("[data-devices-status]");
    const preview = section.querySelector("[data-camera-preview]");
    const submit = section.querySelector("[data-devices-submit]");
    start.addEventListener("click", function () {
      if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
        say(status, msg(section, "unsupported"), "bad");
        return;
      }
      say(status, msg(section, "checking"));
      navigator.mediaDevices.getUserMedia({ video: true, audio: true }).then(function (stream) {
        preview.srcObject = stream;
        levelMeter(stream, section.querySelector("[data-mic-level]"));
        const camera = live(stream, "video");
        const microphone = live(stream, "audio");
        section.querySelector("[data-camera-ok]").value = camera ? "ok" : "";
        section.querySelector("[data-microphone-ok]").value = microphone ? "ok" : "";
        if (camera && microphone) {
          say(status, msg(section, "ok"), "ok");
          submit.disabled = false;
        } else {
          say(status, msg(section, "nodevice"), "bad");
        }
      }).catch(function (error) {
        say(status, msg(section, mediaError(error)), "bad");
      });
    });
  }

  // --- 3. the identification photo ("Back" to take it again, "Send" when satisfied) ------------------------
  function photoStep(section) {
    const video = section.querySelector("[data-photo-camera]");
    if (!video) return;
    const canvas = section.querySelector("[data-photo-canvas]");
    const input = section.querySelector("[data-photo-input]");
    const take = section.querySelector("[data-photo-take]");
    const back = section.querySelector("[data-photo-back]");
    const send = section.querySelector("[data-photo-send]");
    const stored = section.querySelector("[data-photo-stored]");
    const status = section.querySelector("[data-photo-status]");
    let stream = null;
    function camera() {
      if (stream || !navigator.mediaDevices) return Promise.resolve(stream);
      return navigator.mediaDevices.getUserMedia({ video: true }).then(function (s) {
        stream = s;
        video.srcObject = s;
        return new Promise(function (resolve) {
          if (video.readyState >= 2) resolve(s);
          else video.addEventListener("loadeddata", function () { resolve(s); }, { once: true });
        });
      });
    }
    camera().catch(function (error) { status.textContent = error.name || String(error); });
    take.addEventListener("click", function () {
      camera().then(function () {
        canvas.width = video.videoWidth || 640;
        canvas.height = video.videoHeight || 480;
        canvas.getContext("2d").drawImage(video, 0, 0, canvas.width, canvas.height);
        canvas.toBlob(function (blob) {
          const transfer = new DataTransfer();
          transfer.items.add(new File([blob], "photo.jpg", { type: "image/jpeg" }));
          input.files = transfer.files;
          canvas.classList.remove("d-none");
          video.classList.add("d-none");
          if (stored) stored.classList.add("d-none");
          back.disabled = false;
          send.disabled = false;
        }, "image/jpeg", 0.9);
      });
    });
    back.addEventListener("click", function () {
      input.value = "";
      canvas.classList.add("d-none");
      video.classList.remove("d-none");
      back.disabled = true;
      send.disabled = true;
    });
  }

  // --- 4. the entire screen: a window or a tab is refused ---------------------------------------------------
  function screenShare(container, onShared) {
    const button = container.querySelector("[data-proctoring-share]");
    const status = container.querySelector("[data-proctoring-screen-status]");
    button.addEventListener("click", function () {
      if (!navigator.mediaDevices || !navigator.mediaDevices.getDisplayMedia) {
        say(status, msg(container, "screen-unsupported"), "bad");
        return;
      }
      navigator.mediaDevices.getDisplayMedia({ video: { displaySurface: "monitor" }, audio: false }).then(function (stream) {
        const track = stream.getVideoTracks()[0];
        const surface = track && track.getSettings ? track.getSettings().displaySurface : undefined;
        if (surface !== "monitor") {
          stream.getTracks().forEach(function (t) { t.stop(); });
          say(status, msg(container, "screen-not-monitor"), "bad");
          return;
        }
        say(status, msg(container, "screen-ok"), "ok");
        container.dataset.screenShared = "1";
        track.addEventListener("ended", function () {
          container.dataset.screenShared = "";
          say(status, msg(container, "screen-ended"), "bad");
        });
        if (onShared) onShared(stream);
      }).catch(function () {
        say(status, msg(container, "screen-denied"), "bad");
      });
    });
  }

  // --- 5. the attempt page ----------------------------------------------------------------------------------
  function attemptOverlay(overlay) {
    const csrf = overlay.dataset.csrf;
    const urls = {
      heartbeat: overlay.dataset.heartbeatUrl,
      event: overlay.dataset.eventUrl,
      resume: overlay.dataset.resumeUrl,
      closed: overlay.dataset.closedUrl,
    };
    // the engine's pages of this attempt (its next question, its submission) are not "closing the exam"
    const attemptPrefix = urls.heartbeat.replace(/proctoring\/heartbeat\/$/, "");
    const video = overlay.querySelector("[data-attempt-camera]");
    const cameraStatus = overlay.querySelector("[data-camera-status]");
    const proceed = overlay.querySelector("[data-overlay-continue]");
    const pausedNote = overlay.querySelector("[data-overlay-paused]");
    let camera = null;
    let screen = null;
    let running = false; // the overlay is down and the questions are in use
    let paused = overlay.dataset.paused === "1";
    let over = false;
    let leaving = false;
    let lastWindowEvent = 0;

    function post(url, fields) {
      const body = new FormData();
      Object.keys(fields || {}).forEach(function (k) { body.append(k, fields[k]); });
      return fetch(url, { method: "POST", body: body, headers: { "X-CSRFToken": csrf }, credentials: "same-origin" })
        .then(function (response) { return response.json().catch(function () { return {}; }); });
    }

    function dispatch(name, detail) {
      document.dispatchEvent(new CustomEvent(name, { detail: detail || {} }));
    }

    function state(data) {
      if (data && data.status && data.status !== "progress" && !over) {
        over = true;
        dispatch("proctoring:closed", { status: data.status });
      }
      return data;
    }

    function ready() {
      proceed.disabled = !(live(camera, "video") && screen && live(screen, "video"));
    }

    function show() {
      overlay.classList.remove("d-none");
      pausedNote.classList.toggle("d-none", !paused);
      running = false;
      ready();
    }

    function lost(kind) {
      ready();
      if (!running || over) return;
      paused = true;
      show();
      post(urls.event, { kind: kind }).then(state);
      dispatch("proctoring:paused", { kind: kind });
    }

    overlay.querySelector("[data-camera-start]").addEventListener("click", function () {
      if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) return;
      navigator.mediaDevices.getUserMedia({ video: true, audio: true }).then(function (stream) {
        camera = stream;
        video.srcObject = stream;
        say(cameraStatus, msg(overlay, "camera-ok"), "ok");
        stream.getTracks().forEach(function (track) {
          const kind = track.kind === "video" ? "no_camera" : "no_microphone";
          track.addEventListener("ended", function () {
            say(cameraStatus, msg(overlay, "camera-lost"), "bad");
            if (kind === "no_camera") lost(kind);
            else if (running) post(urls.event, { kind: kind }).then(state);
          });
          if (track.kind === "video") {
            track.addEventListener("mute", function () { lost("no_camera"); });
          }
        });
        ready();
      }).catch(function () { say(cameraStatus, msg(overlay, "camera-denied"), "bad"); });
    });

    screenShare(overlay.querySelector("[data-proctoring-screen]"), function (stream) {
      screen = stream;
      stream.getVideoTracks()[0].addEventListener("ended", function () { lost("no_desktop"); });
      ready();
    });

    proceed.addEventListener("click", function () {
      if (proceed.disabled) return;
      const first = !paused;
      const going = paused ? post(urls.resume, {}) : Promise.resolve({});
      going.then(function (data) {
        state(data);
        if (data.error) {
          say(cameraStatus, msg(overlay, "resume-failed") + " " + data.error, "bad");
          return;
        }
        paused = false;
        running = true;
        overlay.classList.add("d-none");
        if (first) {
          dispatch("proctoring:ready", {});
          if (window.screen && window.screen.isExtended) post(urls.event, { kind: "second_display" }).then(state);
        } else {
          dispatch("proctoring:resumed", { deadline: data.deadline, paused_seconds: data.paused_seconds });
        }
      });
    });

    window.setInterval(function () {
      if (over) return;
      post(urls.heartbeat, {
        camera: live(camera, "video") ? "on" : "off",
        screen: screen && live(screen, "video") ? "on" : "off",
      }).then(function (data) {
        state(data);
        if (data.paused && running) {
          paused = true;
          show();
        }
      });
    }, HEARTBEAT_MS);

    function windowChanged(reason) {
      if (!running || over || leaving) return;
      const now = Date.now();
      if (now - lastWindowEvent < 2000) return; // blur and visibilitychange come together
      lastWindowEvent = now;
      post(urls.event, { kind: "window_changed", reason: reason }).then(state);
    }
    document.addEventListener("visibilitychange", function () { if (document.hidden) windowChanged("hidden"); });
    window.addEventListener("blur", function () { windowChanged("blur"); });

    // moving inside the attempt (a form of the attempt, a link to its own pages) is not closing it
    document.addEventListener("submit", function () { leaving = true; }, true);
    document.addEventListener("click", function (event) {
      const link = event.target.closest && event.target.closest("a[href]");
      if (!link) return;
      const target = new URL(link.href, window.location.href);
      if (target.origin === window.location.origin && target.pathname.indexOf(attemptPrefix) === 0) leaving = true;
    }, true);
    window.addEventListener("pagehide", function () {
      if (leaving || over) return;
      leaving = true; // the visibilitychange that follows is the page going, not a switch of window
      const body = new FormData();
      body.append("csrfmiddlewaretoken", csrf);
      navigator.sendBeacon(urls.closed, body);
    });

    show();
  }

  document.querySelectorAll("[data-proctoring-extension]").forEach(extensionCheck);
  document.querySelectorAll("[data-proctoring-devices]").forEach(devicesCheck);
  document.querySelectorAll("[data-proctoring-photo]").forEach(photoStep);
  document.querySelectorAll("[data-proctoring-check] [data-proctoring-screen]").forEach(function (c) { screenShare(c); });
  document.querySelectorAll("[data-proctoring-attempt]").forEach(attemptOverlay);
})();
