// The Node tools' own texts (zh-CN; English in the locale pack, locale/en.ts), as in core/messages.ts.
import { messagesOf } from '../core/messages'

const ZH = {
  'secret-key-mismatch': [0, '签名串一致：SecretKey 错误'],
  'file-unreadable': [0, '无法读取文件'],
} as const

export type NodeMessageId = keyof typeof ZH

export const nodeTexts = messagesOf(ZH)
