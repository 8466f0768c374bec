// Browser-safe limits of the early-warning follow-up form (the page shows them; the model checks them).
export const MAX_ACTION_LENGTH = 500;
