// In-page half of bench/canvas.bench.ts (plain browser JavaScript, evaluated in the page).
// Defines window.__canvasBench: a frame recorder, the plain Canvas2D baseline, and hit-test timing.
(() => {
  const FILL_ALPHA = 0.18;
  const rgba = (hex, a) => {
    const n = parseInt(hex.slice(1), 16);
    return `rgba(${(n >> 16) & 255},${(n >> 8) & 255},${n & 255},${a})`;
  };

  /**
   * Frame times while input is replayed: the interval between consecutive animation frames, kept
   * only when the view changed in it (a redraw happened). Idle frames, whose number depends on how
   * fast input arrives rather than on the renderer, are left out.
   */
  const viewOf = {
    editor: () => {
      const d = document.querySelector('[data-testid="image-canvas"]').dataset;
      return `${d.scale},${d.x},${d.y}`;
    },
    baseline: () => JSON.stringify(window.__baseline.state.drawnView),
  };
  const frames = { stamps: [], running: false };
  function startFrames(kind) {
    frames.stamps = [];
    frames.running = true;
    let last = viewOf[kind]();
    const tick = (t) => {
      if (!frames.running) return;
      const now = viewOf[kind]();
      frames.stamps.push([t, now !== last]);
      last = now;
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  }
  function stopFrames() {
    frames.running = false;
    const s = frames.stamps;
    return s.slice(1).flatMap(([t, drew], i) => (drew ? [t - s[i][0]] : []));
  }

  /** Resolves when the main thread is free after the next frame: input would be handled now. */
  const idleAfterFrame = () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(() => resolve(performance.now()), 0)));

  /**
   * The baseline: what a plain Canvas2D viewer does — every shape, every frame, one path with a
   * translucent fill and a solid stroke each, at a constant screen stroke width, default joins.
   * (Measured here and not used: one path per color is ~2.5× slower than a path per shape; round
   * joins cost ~30% more than the default mitre.)
   */
  function drawAll(ctx, state) {
    const { canvas } = ctx;
    const dpr = window.devicePixelRatio || 1;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.fillStyle = '#1b1d21';
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    const v = state.view;
    state.drawnView = v;
    ctx.setTransform(dpr * v.scale, 0, 0, dpr * v.scale, dpr * v.x, dpr * v.y);
    if (state.image) ctx.drawImage(state.image, 0, 0, state.size.width, state.size.height);
    ctx.lineWidth = 2 / v.scale;
    for (const a of state.annotations) {
      const color = state.colors[a.class_id];
      ctx.strokeStyle = color;
      ctx.fillStyle = rgba(color, FILL_ALPHA);
      ctx.beginPath();
      const g = a.geometry;
      const pts = g.type === 'bbox' ? [[g.bbox[0], g.bbox[1]], [g.bbox[0] + g.bbox[2], g.bbox[1]], [g.bbox[0] + g.bbox[2], g.bbox[1] + g.bbox[3]], [g.bbox[0], g.bbox[1] + g.bbox[3]]] : g.points;
      ctx.moveTo(pts[0][0], pts[0][1]);
      for (let i = 1; i < pts.length; i++) ctx.lineTo(pts[i][0], pts[i][1]);
      ctx.closePath();
      ctx.fill();
      ctx.stroke();
    }
  }

  async function rpc(socket, name, input) {
    return new Promise((resolve, reject) => {
      const id = Math.floor(Math.random() * 1e9);
      const onMessage = (m) => {
        const data = JSON.parse(m.data);
        if (data.type !== 'result' || data.id !== id) return;
        socket.removeEventListener('message', onMessage);
        data.result.ok ? resolve(data.result.value) : reject(new Error(data.result.error.message));
      };
      socket.addEventListener('message', onMessage);
      socket.send(JSON.stringify({ type: 'call', id, name, input }));
    });
  }

  /**
   * Opens the image in the baseline the way the editor does: its annotations over the contract,
   * its pixels from the media URL (decoded), then one full draw; returns ms to idle after it.
   */
  async function openBaseline({ imageId, width, height, colors, canvasSize }) {
    document.getElementById('root').style.display = 'none';
    const canvas = document.createElement('canvas');
    canvas.style.cssText = `position:fixed;left:0;top:0;width:${canvasSize.width}px;height:${canvasSize.height}px`;
    const dpr = window.devicePixelRatio || 1;
    canvas.width = Math.round(canvasSize.width * dpr);
    canvas.height = Math.round(canvasSize.height * dpr);
    document.body.appendChild(canvas);
    const token = new URLSearchParams(location.search).get('token');
    const socket = new WebSocket(`ws://${location.host}/rpc?token=${token}`);
    await new Promise((r) => (socket.onopen = r));
    const ctx = canvas.getContext('2d');
    const t0 = performance.now();
    const image = new Image();
    image.src = `/media/image/${imageId}`;
    const [annotations] = await Promise.all([rpc(socket, 'listAnnotations', { image_id: imageId }), image.decode()]);
    const pad = 16;
    const scale = Math.min((canvasSize.width - 2 * pad) / width, (canvasSize.height - 2 * pad) / height);
    const state = { annotations, image, colors, size: { width, height }, view: { scale, x: (canvasSize.width - width * scale) / 2, y: (canvasSize.height - height * scale) / 2 } };
    drawAll(ctx, state);
    const ready = await idleAfterFrame();
    window.__baseline = { ctx, state, canvas };
    installInput(canvas, ctx, state);
    return { ms: ready - t0, drawn: annotations.length };
  }

  /** Middle-drag pans and the wheel zooms around the cursor, each redrawing everything in the next frame. */
  function installInput(canvas, ctx, state) {
    let frame = 0;
    const request = () => {
      if (!frame) frame = requestAnimationFrame(() => ((frame = 0), drawAll(ctx, state)));
    };
    let drag = null;
    canvas.addEventListener('pointerdown', (e) => {
      if (e.button !== 1) return;
      e.preventDefault();
      drag = { x: e.clientX, y: e.clientY };
    });
    canvas.addEventListener('pointermove', (e) => {
      if (!drag) return;
      state.view = { ...state.view, x: state.view.x + e.clientX - drag.x, y: state.view.y + e.clientY - drag.y };
      drag = { x: e.clientX, y: e.clientY };
      request();
    });
    canvas.addEventListener('pointerup', () => (drag = null));
    canvas.addEventListener(
      'wheel',
      (e) => {
        e.preventDefault();
        const k = Math.exp(-Math.max(-200, Math.min(200, e.deltaY)) * 0.0015);
        const v = state.view;
        state.view = { scale: v.scale * k, x: e.clientX - (e.clientX - v.x) * k, y: e.clientY - (e.clientY - v.y) * k };
        request();
      },
      { passive: false },
    );
  }

  /** Milliseconds per hover hit-test at `count` points spread over the image: the editor's (indexed) and a linear scan. */
  function hitTimes({ count, width, height }) {
    const { editor, hitGeometry, imagePoint } = window.__labelerBench;
    let seed = 7;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    const points = Array.from({ length: count }, () => imagePoint(rnd() * width, rnd() * height));
    const indexed = [];
    const linear = [];
    let agree = 0;
    for (const p of points) {
      let t = performance.now();
      const hit = editor.hitTest(p);
      indexed.push(performance.now() - t);
      t = performance.now();
      const tol = 5 / editor.view.scale;
      let found = null;
      for (const r of editor.state.records) if (hitGeometry(r.geometry, p, tol)) found = r.key;
      linear.push(performance.now() - t);
      if ((hit === null) === (found === null)) agree++;
    }
    return { indexed, linear, agree };
  }

  /** Diagnostics: ms of one full baseline draw, with and without the image, flushed by a pixel read. */
  function drawCost() {
    const { ctx, state } = window.__baseline;
    const time = (f) => {
      const t = performance.now();
      f();
      ctx.getImageData(0, 0, 1, 1);
      return performance.now() - t;
    };
    const image = state.image;
    const withImage = [0, 1, 2].map(() => time(() => drawAll(ctx, state)));
    state.image = null;
    const shapesOnly = [0, 1, 2].map(() => time(() => drawAll(ctx, state)));
    state.image = image;
    const blit = [0, 1, 2].map(() =>
      time(() => {
        ctx.setTransform(1, 0, 0, 1, 0, 0);
        ctx.drawImage(ctx.canvas, 3, 2);
      }),
    );
    return { withImage, shapesOnly, blit };
  }

  /**
   * A full, crisp redraw at the current view, timed to the main thread being free after it: the
   * editor's is triggered by Shift+H ("show all", which repaints everything), the baseline's by
   * scheduling its draw.
   */
  async function fullRedrawMs(who) {
    const runs = [];
    for (let i = 0; i < 5; i++) {
      await idleAfterFrame();
      const t0 = performance.now();
      if (who === 'editor') window.dispatchEvent(new KeyboardEvent('keydown', { key: 'H', shiftKey: true, bubbles: true }));
      else requestAnimationFrame(() => drawAll(window.__baseline.ctx, window.__baseline.state));
      runs.push((await idleAfterFrame()) - t0);
    }
    return runs.sort((a, b) => a - b)[2];
  }

  window.__canvasBench = { fullRedrawMs, drawCost, startFrames, stopFrames, idleAfterFrame, openBaseline, hitTimes };
})();
