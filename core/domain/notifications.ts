/**
 * What the domain asks the outside world to tell people, without knowing how: the bot
 * implements it with cards in the meeting chat; tests record the calls.
 */
export interface ProtocolNotifier {
  /** A version was finalised and now awaits the signatures of sekreterare, justerare and ordförande. */
  protocolFinalised(meeting: string, version: number): Promise<void>;
}
