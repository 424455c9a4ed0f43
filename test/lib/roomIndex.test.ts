import { describe, expect, test } from '@jest/globals';
import { RoomIndex } from '../../src/lib/roomIndex.js';

describe('RoomIndex', () => {
  test('members are kept per namespace and room', () => {
    const rooms = new RoomIndex<string>();
    expect(rooms.join('/chat', 'lobby', 'a')).toBe(true);
    expect(rooms.join('/chat', 'lobby', 'a')).toBe(false);
    rooms.join('/chat', 'lobby', 'b');
    rooms.join('/news', 'lobby', 'c');
    expect([...rooms.members('/chat', 'lobby')]).toEqual(['a', 'b']);
    expect([...rooms.members('/news', 'lobby')]).toEqual(['c']);
    expect(rooms.members('/chat', 'nowhere').size).toBe(0);
  });

  test('leave removes a member and drops rooms that become empty', () => {
    const rooms = new RoomIndex<string>();
    rooms.join('/chat', 'lobby', 'a');
    expect(rooms.leave('/chat', 'lobby', 'a')).toBe(true);
    expect(rooms.leave('/chat', 'lobby', 'a')).toBe(false);
    expect(rooms.roomNames('/chat')).toEqual([]);
    expect(rooms.roomsOf('a').size).toBe(0);
  });

  test('leaveAll takes a member out of every room it is in and leaves others alone', () => {
    const rooms = new RoomIndex<string>();
    rooms.join('/chat', 'one', 'a');
    rooms.join('/chat', 'two', 'a');
    rooms.join('/chat', 'two', 'b');
    expect([...rooms.roomsOf('a')]).toEqual(['one', 'two']);
    rooms.leaveAll('a');
    expect(rooms.roomsOf('a').size).toBe(0);
    expect(rooms.roomNames('/chat')).toEqual(['two']);
    expect([...rooms.members('/chat', 'two')]).toEqual(['b']);
  });
});
