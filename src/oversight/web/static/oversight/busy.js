// A long job started from a form (an upload, a pack) shows that it is working and cannot be sent twice.
// Forms marked data-busy-message get a status line (read out by screen readers) and a disabled button
// once submitted; with an upload, the line counts up the time waited so far.
export function initBusyForms(root = document) {
  root.querySelectorAll("form[data-busy-message]").forEach((form) => {
    form.addEventListener("submit", (event) => {
      if (form.dataset.busy === "true") {
        event.preventDefault();
        return;
      }
      form.dataset.busy = "true";
      const status = form.querySelector("[data-busy-status]") || form.appendChild(document.createElement("p"));
      status.setAttribute("role", "status");
      status.className = "govuk-body oversight-busy";
      const started = Date.now();
      const say = () => {
        const seconds = Math.round((Date.now() - started) / 1000);
        status.textContent = `${form.dataset.busyMessage} (${seconds} second${seconds === 1 ? "" : "s"} so far)`;
      };
      say();
      setInterval(say, 1000);
      form.querySelectorAll("button[type=submit], input[type=submit]").forEach((b) => {
        b.setAttribute("aria-disabled", "true");
        b.classList.add("govuk-button--disabled");
      });
    });
  });
}
