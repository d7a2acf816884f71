// What a row marked lost gets from an import (the lead page asks the coach; an import cannot).
export const IMPORT_LOST_REASON = "Autre" as const;
export const IMPORT_LOST_DETAIL = "Import CSV";
