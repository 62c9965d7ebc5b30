// The `lostAnswerRate` fault: the request is processed in full (an upload is stored), but the client gets a
// connection reset instead of the answer, so it cannot tell whether the request landed.
import type { ServerResponse } from 'node:http'

export function loseAnswer(res: ServerResponse, onLost: () => void): void {
  let lost = false
  const reset = () => {
    if (!lost) onLost()
    lost = true
    res.socket?.destroy()
    return res
  }
  res.writeHead = reset as unknown as ServerResponse['writeHead']
  res.end = reset as unknown as ServerResponse['end']
}
