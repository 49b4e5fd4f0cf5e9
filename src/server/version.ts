// The server's own version, reported in /v1/time.
export const SERVER_VERSION = '0.1.0';
