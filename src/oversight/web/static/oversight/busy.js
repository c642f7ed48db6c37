// A long job started from a form (an upload, a pack) shows that it is working and cannot be sent twice.
// Forms marked data-busy-message get a status line (read out by screen readers) and a disabled button
// once submitted; the line counts up the time waited so far. A form also marked data-busy-job (a token
// it posts as `job`, see oversight.web.jobs) asks the server each second which stage the job has reached
// ("Reading and checking the files 3 of 12", "Writing the case data") and says that too.
const stageOf = async (token) => {
  try {
    const response = await fetch(`/jobs/${encodeURIComponent(token)}/`, {credentials: "same-origin"});
    return response.ok ? await response.json() : {};
  } catch (error) {
    return {};
  }
};

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
      let stage = "";
      const say = () => {
        const seconds = Math.round((Date.now() - started) / 1000);
        const waited = `${seconds} second${seconds === 1 ? "" : "s"} so far`;
        status.textContent = stage ? `${stage} (${waited})` : `${form.dataset.busyMessage} (${waited})`;
      };
      say();
      setInterval(say, 1000);
      const token = form.dataset.busyJob;
      if (token) {
        const ask = async () => {
          const found = await stageOf(token);
          if (found.stage) {
            const count = found.total ? ` ${found.done} of ${found.total}` : "";
            stage = `${found.stage}${count}. Please keep this page open`;
            say();
          }
        };
        setInterval(ask, 1000);
      }
      form.querySelectorAll("button[type=submit], input[type=submit]").forEach((b) => {
        b.setAttribute("aria-disabled", "true");
        b.classList.add("govuk-button--disabled");
      });
    });
  });
}
