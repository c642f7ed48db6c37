// GOV.UK Frontend's components (error summary focus, navigation toggle, buttons), then Oversight's own.
import { initAll } from "../govuk/govuk-frontend.min.js";
import { initSortableTables } from "./sortable.js";
import { initBusyForms } from "./busy.js";

initAll();
initSortableTables();
initBusyForms();
