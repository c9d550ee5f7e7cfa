import { APIError } from 'payload'

import type { Currency } from './currencies'

/** A spend larger than the balance: 409, and the whole action is rolled back. */
export class InsufficientFunds extends APIError {
  constructor(currency: Currency, needed: number) {
    super(`Not enough ${currency}: ${needed} needed.`, 409, { code: 'insufficient_funds', currency, needed }, true)
    this.name = 'InsufficientFunds'
  }
}
