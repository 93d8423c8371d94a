// The second factor's codes for the browser tests (issue 13): RFC 6238
// (TOTP: HMAC-SHA-1, 30 s steps from the Unix epoch, 6 digits) over RFC
// 4226's dynamic truncation, with node:crypto, from the base32 secret
// (RFC 4648) the enrolment shows; what an authenticator app computes.
//
// The server refuses a code whose time step is not newer than the last one
// it accepted for the account, and accepts the step after the current one
// (TOTP_WINDOW in src/support/totp.h).  Codes hands out, per secret, a code
// one step after the last it gave: the current step, then the next one;
// beyond that the caller's `exhausted` hook makes room (the tests clear the
// account's stored step in the database, as the C harness does), never a
// sleep.
import crypto from 'node:crypto';

export const PERIOD = 30;
export const DIGITS = 6;

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

// Base32 (RFC 4648) to bytes: case, spaces and padding ignored.
export function base32Decode(text) {
	const clean = text.toUpperCase().replace(/[\s=]/g, '');
	let bits = 0;
	let value = 0;
	const out = [];
	for (const ch of clean) {
		const v = ALPHABET.indexOf(ch);
		if (v < 0) throw new Error(`not base32: ${JSON.stringify(text)}`);
		value = (value << 5) | v;
		bits += 5;
		if (bits >= 8) {
			out.push((value >>> (bits - 8)) & 0xff);
			bits -= 8;
		}
	}
	return Buffer.from(out);
}

// HOTP (RFC 4226 §5.3) of a key (bytes) at a counter.
export function hotp(key, counter, digits = DIGITS, algorithm = 'sha1') {
	const msg = Buffer.alloc(8);
	msg.writeBigUInt64BE(BigInt(counter));
	const mac = crypto.createHmac(algorithm, key).update(msg).digest();
	const offset = mac[mac.length - 1] & 0x0f;
	const binary = ((mac[offset] & 0x7f) << 24) | (mac[offset + 1] << 16) |
		(mac[offset + 2] << 8) | mac[offset + 3];
	return String(binary % 10 ** digits).padStart(digits, '0');
}

// The time step of an instant in seconds.
export function stepAt(seconds) {
	return Math.floor(seconds / PERIOD);
}

export function nowStep() {
	return stepAt(Date.now() / 1000);
}

// The code of a base32 secret at a time step.
export function totpAtStep(secretB32, step, digits = DIGITS) {
	return hotp(base32Decode(secretB32), step, digits);
}

// The current code of a base32 secret.
export function totp(secretB32, seconds = Date.now() / 1000) {
	return totpAtStep(secretB32, stepAt(seconds));
}

export class Codes {
	// exhausted(secret): called when both steps of the window are spent; it
	// must clear the account's stored last step, so the current step is
	// good again.
	constructor(exhausted) {
		this.last = new Map();
		this.exhausted = exhausted;
	}

	// A fresh code for the secret (async: the hook may write the database).
	async next(secret) {
		const now = nowStep();
		let step = now;
		const last = this.last.get(secret);
		if (last !== undefined && last >= step) step = last + 1;
		if (step > now + 1) {
			if (!this.exhausted) throw new Error('no fresh code left in this window');
			await this.exhausted(secret);
			step = now;
		}
		this.last.set(secret, step);
		return totpAtStep(secret, step);
	}

	// Marks a step as used (a code computed elsewhere, the enrolment's).
	used(secret, step) {
		const last = this.last.get(secret);
		if (last === undefined || step > last) this.last.set(secret, step);
	}
}
