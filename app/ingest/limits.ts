// Size limits of the ingestion API, shared by the HTTP server (which refuses big bodies before
// they are buffered) and the endpoints.
export const MAX_BODY_BYTES = 1024 * 1024;
