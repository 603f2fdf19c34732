/** The socket.io room of a stored document, and of one user's sockets (on every process). */
export const roomOf = (storageName: string) => `doc:${storageName}`;
export const userRoom = (userId: string) => `user:${userId}`;
