/** The id of the queue's bulk-action form; row checkboxes join it with form="…". */
export const BULK_FORM_ID = "alert-bulk";
