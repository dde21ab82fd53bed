/** The globals the browser test host and its injected bridge share. */
export const HOST_INVOKE = '__keydeskHostInvoke';
export const HOST_EMIT = '__keydeskHostEmit';
