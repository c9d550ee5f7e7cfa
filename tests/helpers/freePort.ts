import net from 'node:net'

/** A TCP port nobody listens on right now (the OS picks it). */
export const freePort = (): Promise<number> =>
  new Promise<number>((resolve, reject) => {
    const srv = net.createServer()
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo
      srv.close(() => resolve(port))
    })
    srv.on('error', reject)
  })
